package org.sparsesam.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsesam.batch.ImageJob;
import org.sparsesam.batch.ObservedJob;
import org.sparsesam.ij.ImageFiles;
import picocli.CommandLine;

/**
 * {@code apply MODEL FOLDER --out DIR} killed half-way and run again: nothing lost, nothing done twice but the image
 * the kill cut short, and results of another run never overwritten without --force.
 */
class ApplyFolderResumeTest {
    private static final List<String> IMAGES = List.of("img0.png", "img1.png", "img2.png", "img3.png");

    @TempDir
    Path tmp;
    private Path ds;
    private Path model;
    private Path folder;
    private Path out;

    @BeforeEach
    void cohortAndModel() throws IOException {
        ds = SyntheticDatasets.create(tmp.resolve("ds"));
        folder = Files.createDirectories(tmp.resolve("cohort"));
        for (int i = 0; i < IMAGES.size(); i++) {
            SyntheticDatasets.addInstance(ds, IMAGES.get(i), 80, 72, 100 + i);
            Files.copy(ds.resolve("images").resolve(IMAGES.get(i)), folder.resolve(IMAGES.get(i)));
        }
        model = train("nuclei.ssam", "3");
        out = tmp.resolve("out");
    }

    private Path train(String name, String seed) {
        Path file = tmp.resolve(name);
        CliRun train = CliRun.of("train", ds.toString(), "--shots", "2", "--head", "prototypes", "--out", file.toString(), "--seed", seed);
        train.assertSuccess();
        return file;
    }

    private record Outcome(int exitCode, String out, String err) {}

    /** The apply command as the command line parses it, with its folder job wrapped. */
    private static Outcome apply(UnaryOperator<ImageJob> wrap, String... args) {
        ApplyCommand command = new ApplyCommand();
        command.folderJobWrapper = wrap;
        CommandLine cl = new CommandLine(command);
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.parseArgs(args);
        int code = command.call();
        return new Outcome(code, out.toString(), err.toString());
    }

    /** Counts, per image, how often the real job segmented it. */
    private static UnaryOperator<ImageJob> counting(Map<String, Integer> segmented) {
        return job -> new ObservedJob(job, (image, outcome) -> segmented.merge(image.getFileName().toString(), 1, Integer::sum));
    }

    private static List<String> summary(Path out) throws IOException {
        return Files.readAllLines(out.resolve(ApplyCommand.SUMMARY));
    }

    @Test
    void aKilledRunIsFinishedByTheSameCommandWithEveryImageDoneOnce() throws IOException {
        Map<String, Integer> segmented = new TreeMap<>();
        Error kill = new Error("killed");
        // img2's files were being renamed into place when the process died: two of its four outputs exist
        UnaryOperator<ImageJob> dyingAtImg2 = job -> new ObservedJob(counting(segmented).apply(job), (image, outcome) -> {
            if (image.getFileName().toString().equals("img2.png")) {
                try {
                    Files.delete(out.resolve("img2-mask.png"));
                    Files.delete(out.resolve("img2.csv"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                throw kill;
            }
        });
        String[] args = {model.toString(), folder.toString(), "--out", out.toString()};
        assertSame(kill, assertThrows(Error.class, () -> apply(dyingAtImg2, args)));
        assertEquals(List.of("image,status,objects,seconds,message", "img0.png,done", "img1.png,done"),
                summary(out).stream().map(l -> l.startsWith("image,") ? l : String.join(",", List.of(l.split(",")).subList(0, 2))).toList(),
                "summary.csv as it stood when the last finished image was written");
        FileTime img0 = Files.getLastModifiedTime(out.resolve("img0-labels.tif"));

        Outcome resumed = apply(counting(segmented), args);
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("img0.png: kept from an earlier run"), resumed.out());
        assertTrue(resumed.out().contains("4 images: 2 segmented, 2 kept from an earlier run, 0 failed"), resumed.out());
        assertEquals(Map.of("img0.png", 1, "img1.png", 1, "img2.png", 2, "img3.png", 1), segmented,
                "only the image the kill cut short is segmented twice");
        assertEquals(img0, Files.getLastModifiedTime(out.resolve("img0-labels.tif")), "a finished image is left as it was");

        List<String> rows = summary(out);
        assertEquals(5, rows.size(), "every image in the summary, those of the killed run included");
        for (int i = 0; i < IMAGES.size(); i++) {
            String[] cells = rows.get(i + 1).split(",");
            assertEquals(IMAGES.get(i), cells[0]);
            assertEquals(i < 2 ? "already-done" : "done", cells[1]);
            String base = "img" + i;
            for (Path p : new SegmentationOutputs(out, IMAGES.get(i)).all()) {
                assertTrue(Files.isRegularFile(p), p.toString());
            }
            // the summary's count, the journal's for finished images, agrees with the files
            assertEquals(Integer.parseInt(cells[2]), Files.readAllLines(out.resolve(base + ".csv")).size() - 1, base);
        }
        // the redone image's files are those a run without a kill writes
        Path clean = tmp.resolve("clean");
        CliRun.of("apply", model.toString(), folder.resolve("img2.png").toString(), "--out", clean.toString()).assertSuccess();
        assertArrayEquals(pixels(clean.resolve("img2-labels.tif")), pixels(out.resolve("img2-labels.tif")));
        assertEquals(Files.readString(clean.resolve("img2.csv")), Files.readString(out.resolve("img2.csv")));
        try (var listing = Files.list(out)) {
            assertTrue(listing.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary files left");
        }
    }

    @Test
    void aFolderOfAnotherModelOrOtherOptionsIsRefusedNotSkipped() throws IOException {
        CliRun.of("apply", model.toString(), folder.toString(), "--out", out.toString()).assertSuccess();
        FileTime before = Files.getLastModifiedTime(out.resolve("img1-labels.tif"));
        List<String> summaryBefore = summary(out);

        Path otherModel = train("other.ssam", "4");
        for (String[] args : List.of(new String[] {"apply", otherModel.toString(), folder.toString(), "--out", out.toString()},
                new String[] {"apply", model.toString(), folder.toString(), "--out", out.toString(), "--min-area", "30"})) {
            CliRun refused = CliRun.of(args).assertCleanError();
            assertTrue(refused.err().contains("holds a batch run with other settings") && refused.err().contains("add --force")
                    && refused.err().contains("another output folder"), refused.err());
        }
        assertEquals(before, Files.getLastModifiedTime(out.resolve("img1-labels.tif")), "nothing overwritten");
        assertEquals(summaryBefore, summary(out));

        CliRun forced = CliRun.of("apply", model.toString(), folder.toString(), "--out", out.toString(), "--min-area", "30", "--force").assertSuccess();
        assertTrue(forced.out().contains("4 images: 4 segmented, 0 kept from an earlier run"), forced.out());
        CliRun resumed = CliRun.of("apply", model.toString(), folder.toString(), "--out", out.toString(), "--min-area", "30").assertSuccess();
        assertTrue(resumed.out().contains("4 images: 0 segmented, 4 kept from an earlier run"), resumed.out());
        String summaryLine = resumed.out().lines().filter(l -> l.startsWith("4 images:")).findFirst().orElseThrow();
        assertEquals(1, summaryLine.split("skipped", -1).length - 1, "'skipped' says one thing: " + summaryLine);
    }

    @Test
    void resultsNoJournalAccountsForAreNeverOverwrittenWithoutForce() throws IOException {
        CliRun.of("apply", model.toString(), folder.resolve("img3.png").toString(), "--out", out.toString()).assertSuccess();
        byte[] table = Files.readAllBytes(out.resolve("img3.csv"));
        Files.write(out.resolve("img3.csv"), "the user's edited table\n".getBytes());

        CliRun refused = CliRun.of("apply", model.toString(), folder.toString(), "--out", out.toString()).assertCleanError();
        assertTrue(refused.err().contains("img3") && refused.err().contains("no batch journal") && refused.err().contains("add --force"), refused.err());
        assertEquals("the user's edited table\n", Files.readString(out.resolve("img3.csv")));
        assertFalse(Files.exists(out.resolve("img0-labels.tif")), "refused before any work");

        CliRun.of("apply", model.toString(), folder.toString(), "--out", out.toString(), "--force").assertSuccess();
        assertArrayEquals(table, Files.readAllBytes(out.resolve("img3.csv")), "with --force the folder's results are this run's");
    }

    private static short[] pixels(Path labels) {
        return (short[]) ImageFiles.openMask(labels).getProcessor().getPixels();
    }
}
