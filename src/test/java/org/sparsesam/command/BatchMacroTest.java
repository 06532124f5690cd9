package org.sparsesam.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sparsesam.batch.BatchFolders;

/**
 * macros/Sparse_SAM_Batch.ijm as a user runs it unattended: {@code ImageJ -batch Sparse_SAM_Batch.ijm "input=...
 * points_folder=... output=..."} over a generated folder with a corrupt image, then again after an output was
 * removed, and once killed half-way and started again.
 */
class BatchMacroTest {
    private static final Path MACRO = Path.of("macros/Sparse_SAM_Batch.ijm").toAbsolutePath();
    @RegisterExtension
    static final VirtualDisplay.ForClass DISPLAY = new VirtualDisplay.ForClass();

    @TempDir
    Path dir;


    private String argument(Path data, Path out) {
        return "input=[" + data.resolve("images") + "] points_folder=[" + data.resolve("points") + "] output=[" + out + "] encoder=builtin split";
    }

    /** image -> status, from summary.csv. */
    private static Map<String, String> summary(Path out) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals("image,status,objects,seconds,message", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            m.put(cells[0], cells[1]);
        }
        return m;
    }

    @Test
    void segmentsTheFolderPastACorruptImageAndRedoesOnlyARemovedOutput() throws Exception {
        Path data = BatchFolders.create(dir.resolve("data"), 3, 96);
        BatchFolders.addCorruptImage(data);
        Path out = dir.resolve("out");
        ImageJProcess imagej = new ImageJProcess(dir.resolve("imagej"), DISPLAY.get());

        String log = imagej.run(MACRO, argument(data, out), dir.resolve("first.log"), 300);
        assertEquals(Map.of("broken.png", "failed", "img-1.png", "done", "img-2.png", "done", "img-3.png", "done"), summary(out), log);
        assertTrue(log.contains("Sparse SAM Batch: 3 done, 0 finished earlier, 0 skipped, 1 failed"), log);
        for (int i = 1; i <= 3; i++) {
            for (String suffix : List.of("-labels.tif", "-rois.zip", "-results.csv")) {
                assertTrue(Files.isRegularFile(out.resolve("img-" + i + suffix)), "img-" + i + suffix);
            }
        }

        Files.delete(out.resolve("img-2-labels.tif"));
        log = imagej.run(MACRO, argument(data, out), dir.resolve("second.log"), 300);
        assertEquals(Map.of("broken.png", "failed", "img-1.png", "already-done", "img-2.png", "done", "img-3.png", "already-done"),
                summary(out), log);
        assertTrue(Files.isRegularFile(out.resolve("img-2-labels.tif")));
    }

    @Test
    void killedHalfWayTheNextRunFinishesTheRestWithoutRedoingTheFirstPart() throws Exception {
        int images = 6;
        Path data = BatchFolders.create(dir.resolve("data"), images, 160);
        Path out = dir.resolve("out");
        Path journal = out.resolve("journal");
        ImageJProcess imagej = new ImageJProcess(dir.resolve("imagej"), DISPLAY.get());

        Process p = imagej.start(MACRO, argument(data, out), dir.resolve("killed.log"));
        for (int i = 0; i < 6000 && p.isAlive() && finished(journal).isEmpty(); i++) {
            Thread.sleep(20);
        }
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        Set<String> finishedBeforeKill = finished(journal);
        Assumptions.assumeTrue(!finishedBeforeKill.isEmpty() && finishedBeforeKill.size() < images,
                "the kill should land half-way; finished before it: " + finishedBeforeKill + "\n" + Files.readString(dir.resolve("killed.log")));

        String log = imagej.run(MACRO, argument(data, out), dir.resolve("resumed.log"), 300);
        Map<String, String> statuses = summary(out);
        assertEquals(images, statuses.size(), log);
        statuses.forEach((image, status) ->
                assertEquals(finishedBeforeKill.contains(image) ? "already-done" : "done", status, image + "\n" + log));
        assertEquals(images, finished(journal).size());
    }

    private static Set<String> finished(Path journal) throws IOException {
        if (!Files.isDirectory(journal)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(journal)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".done"))
                    .map(n -> n.substring(0, n.length() - ".done".length())).collect(TreeSet::new, Set::add, Set::addAll);
        }
    }
}
