package org.sparsesam.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The evaluate command on generated datasets, with a thresholding stand-in for the pipeline. */
class EvaluateCommandTest {
    static final Pattern LAST_LINE = Pattern.compile(
            "mean dice (\\d\\.\\d{4}|nan) iou (\\d\\.\\d{4}|nan) aji (\\d\\.\\d{4}|nan) pq (\\d\\.\\d{4}|nan) images \\d+");

    @TempDir
    Path tmp;

    record Run(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        String lastLine() {
            List<String> lines = lines();
            return lines.get(lines.size() - 1);
        }
    }

    static Run run(EvaluateCommand command, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static EvaluateCommand withThreshold() {
        return new EvaluateCommand(options -> ThresholdSegmenter.INSTANCE);
    }

    private Path threeImages() throws IOException {
        Path ds = SyntheticDatasets.create(tmp.resolve("ds"));
        SyntheticDatasets.addInstance(ds, "a.png", 96, 80, 1);
        SyntheticDatasets.addInstance(ds, "b.png", 80, 96, 2);
        SyntheticDatasets.addInstance(ds, "c.png", 64, 64, 3);
        return ds;
    }

    @Test
    void sameSeedWritesByteIdenticalCsvAndEndsWithTheMeanLine() throws IOException {
        Path ds = threeImages();
        Run first = run(withThreshold(), ds.toString(), "--out", tmp.resolve("r1").toString(), "--clicks", "3:2", "--seed", "5");
        Run second = run(withThreshold(), ds.toString(), "--out", tmp.resolve("r2").toString(), "--clicks", "3:2", "--seed", "5");
        assertEquals(0, first.exitCode(), first.err());
        assertEquals(0, second.exitCode(), second.err());
        for (String file : List.of("per-image.csv", "summary.csv")) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("r1").resolve(file)), Files.readAllBytes(tmp.resolve("r2").resolve(file)), file);
        }
        assertTrue(LAST_LINE.matcher(first.lastLine()).matches(), first.lastLine());
        // The stand-in recovers the synthetic nuclei exactly.
        assertEquals("mean dice 1.0000 iou 1.0000 aji 1.0000 pq 1.0000 images 3", first.lastLine());
        assertTrue(first.lines().get(0).startsWith("a.png dice 1.0000"), first.out());
        for (String name : List.of("a", "b", "c")) {
            assertTrue(Files.size(tmp.resolve("r1/overlays/" + name + ".png")) > 0);
            assertTrue(Files.readString(tmp.resolve("r1/clicks/" + name + "-r0.csv")).startsWith("x,y,label\n"));
        }
        assertTrue(Files.size(tmp.resolve("r1/dice.png")) > 0);
        assertTrue(Files.readString(tmp.resolve("r1/timings.csv")).contains("a.png,0,threshold,0.5"));
        List<String> perImage = Files.readAllLines(tmp.resolve("r1/per-image.csv"));
        assertEquals(4, perImage.size());
        assertTrue(perImage.get(1).startsWith("a.png,0,5,ok,instance,3,2,"), perImage.get(1));
    }

    @Test
    void otherSeedsGiveOtherClicks() throws IOException {
        Path ds = threeImages();
        run(withThreshold(), ds.toString(), "--out", tmp.resolve("s1").toString(), "--seed", "1");
        run(withThreshold(), ds.toString(), "--out", tmp.resolve("s2").toString(), "--seed", "2");
        assertTrue(!Files.readString(tmp.resolve("s1/clicks/a-r0.csv")).equals(Files.readString(tmp.resolve("s2/clicks/a-r0.csv"))));
    }

    @Test
    void refusesANonEmptyOutputFolderUnlessForced() throws IOException {
        Path ds = threeImages();
        Path out = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        Run refused = run(withThreshold(), ds.toString(), "--out", out.toString());
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("--force"), refused.err());
        assertTrue(Files.notExists(out.resolve("per-image.csv")));
        Run forced = run(withThreshold(), ds.toString(), "--out", out.toString(), "--force");
        assertEquals(0, forced.exitCode(), forced.err());
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));
    }

    @Test
    void badItemsAreReportedAndTheRestFinishes() throws IOException {
        Path ds = threeImages();
        // d.png: no mask. e.png: mask of another size. f.png: not an image at all.
        SyntheticDatasets.writeImage(ds, "d.png", org.sparsesam.core.eval.SyntheticTissue.nuclei(40, 40, 4).image());
        SyntheticDatasets.addInstance(ds, "e.png", 50, 50, 5);
        SyntheticDatasets.writeBinaryMask(ds, "e.png", org.sparsesam.core.eval.SyntheticTissue.nuclei(60, 50, 5).labels());
        Files.writeString(ds.resolve("images/f.png"), "this is not a PNG");
        Files.copy(ds.resolve("masks/c.png"), ds.resolve("masks/f.png"));
        Run run = run(withThreshold(), ds.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(0, run.exitCode(), run.err());
        String out = run.out();
        assertTrue(out.contains("d.png skipped: no mask"), out);
        assertTrue(out.contains("e.png skipped: mask is 60x50 but image is 50x50"), out);
        assertTrue(out.contains("f.png failed: "), out);
        assertTrue(out.contains("3 images evaluated, 2 skipped, 1 failed"), out);
        assertEquals("mean dice 1.0000 iou 1.0000 aji 1.0000 pq 1.0000 images 3", run.lastLine());
        String csv = Files.readString(tmp.resolve("out/per-image.csv"));
        assertTrue(csv.contains("\nf.png,0,1,failed,instance,0,0,,,,,"), csv);
    }

    @Test
    void binaryMasksPrintNanForInstanceMetrics() throws IOException {
        Path ds = SyntheticDatasets.create(tmp.resolve("glands"));
        SyntheticDatasets.addBinary(ds, "g1.png", 80, 80, 7);
        SyntheticDatasets.addBinary(ds, "g2.png", 80, 80, 8);
        Run run = run(withThreshold(), ds.toString(), "--out", tmp.resolve("out").toString(), "--protocol", "centroid");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("mean dice 1.0000 iou 1.0000 aji nan pq nan images 2", run.lastLine());
        assertTrue(Files.readString(tmp.resolve("out/summary.csv")).contains("\nglas_f1,1.000000,nan,0.000000,2\n"));
    }

    @Test
    void badOptionsAreMessagesNotStackTraces() throws IOException {
        Path ds = threeImages();
        Run run = run(withThreshold(), ds.toString(), "--out", tmp.resolve("x").toString(), "--clicks", "lots");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("error: Clicks 'lots'"), run.err());
        Run missing = run(withThreshold(), tmp.resolve("nowhere").toString(), "--out", tmp.resolve("y").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("does not exist"), missing.err());
    }
}
