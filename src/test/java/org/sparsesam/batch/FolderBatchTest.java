package org.sparsesam.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.io.Opener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsesam.batch.BatchRow.Status;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.ij.ImageFiles;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.EmbeddingCache;
import org.sparsesam.core.encode.EncoderFactory;

/** The folder batch with the real pipeline (built-in encoder) on generated images, one of them corrupt. */
class FolderBatchTest {
    @TempDir
    Path dir;
    private Path data;
    private Path out;

    @BeforeEach
    void folder() throws IOException {
        data = BatchFolders.create(dir.resolve("data"), 3, 96);
        BatchFolders.addCorruptImage(data);
        // an image nobody wrote points for
        Files.copy(data.resolve("images/img-1.png"), data.resolve("images/unclicked.png"));
        out = dir.resolve("out");
    }

    private static final String REDO_HINT = "tick redo";

    private FolderBatch.Settings settings(boolean redo) {
        return new FolderBatch.Settings(data.resolve("images"), out, redo, REDO_HINT);
    }

    private List<BatchRow> run(boolean redo, CancelToken cancel) {
        return run(settings(redo), SegmentOptions.defaults(), job -> job, cancel);
    }

    /** A batch as the Fiji command runs it, with the job wrapped (tests make it die or stop half-way). */
    private List<BatchRow> run(FolderBatch.Settings settings, SegmentOptions options, UnaryOperator<ImageJob> wrap, CancelToken cancel) {
        try (SparseSam sam = new SparseSam(options, EncoderFactory.create(options.encoder()), new EmbeddingCache(0))) {
            ImageJob job = wrap.apply(new PointsFileJob(data.resolve("points"), sam));
            return new FolderBatch(settings, options.toString(), job).run(Progress.NONE, cancel);
        }
    }

    private static Map<String, Status> statuses(List<BatchRow> rows) {
        Map<String, Status> m = new LinkedHashMap<>();
        rows.forEach(r -> m.put(r.image(), r.status()));
        return m;
    }

    private static Map<String, Status> expect(Status one, Status two, Status three) {
        Map<String, Status> m = new LinkedHashMap<>();
        m.put(BatchFolders.CORRUPT, Status.FAILED);
        m.put("img-1.png", one);
        m.put("img-2.png", two);
        m.put("img-3.png", three);
        m.put("unclicked.png", Status.SKIPPED);
        return m;
    }

    @Test
    void segmentsEveryImageGoesPastTheCorruptOneAndWritesASummary() throws IOException {
        List<BatchRow> rows = run(false, CancelToken.none());
        assertEquals(expect(Status.DONE, Status.DONE, Status.DONE), statuses(rows));
        BatchRow broken = rows.get(0);
        assertTrue(broken.message().contains("is truncated"), broken.message());
        assertTrue(rows.get(4).message().contains("no points file unclicked-points.csv"), rows.get(4).message());
        for (BatchRow r : rows.subList(1, 4)) {
            String base = ImageFiles.baseName(r.image());
            assertTrue(r.objects() > 0, r.toString());
            // the three outputs agree with each other and with the count
            ImagePlus labels = new Opener().openImage(out.resolve(base + "-labels.tif").toString());
            assertEquals(16, labels.getBitDepth());
            assertEquals(r.objects(), (int) labels.getProcessor().getStatistics().max, "largest label = object count");
            try (ZipFile zip = new ZipFile(out.resolve(base + "-rois.zip").toFile())) {
                assertEquals(r.objects(), zip.size());
                assertTrue(zip.getEntry("SparseSAM-1-0001.roi") != null);
            }
            List<String> results = Files.readAllLines(out.resolve(base + "-results.csv"));
            assertEquals("Label,Name,Area,X,Y,Mean similarity", results.get(0));
            assertEquals(r.objects() + 1, results.size());
            assertTrue(Files.isRegularFile(out.resolve("journal/" + r.image() + ".done")));
        }
        assertFalse(Files.exists(out.resolve("broken-labels.tif")), "nothing written for a failed image");
        assertFalse(Files.exists(out.resolve("journal/" + BatchFolders.CORRUPT + ".done")));
        List<String> summary = Files.readAllLines(out.resolve(FolderBatch.SUMMARY_FILE));
        assertEquals(SummaryCsv.HEADER, summary.get(0));
        assertEquals(6, summary.size());
        assertTrue(summary.get(2).startsWith("img-1.png,done," + rows.get(1).objects() + ","), summary.get(2));
        assertTrue(summary.get(1).startsWith("broken.png,failed,,"), summary.get(1));
        try (var listing = Files.list(out)) {
            assertTrue(listing.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary files left");
        }
    }

    @Test
    void aSecondRunRedoesOnlyWhatIsMissing() throws IOException {
        List<BatchRow> first = run(false, CancelToken.none());
        Path keptLabels = out.resolve("img-1-labels.tif");
        FileTime before = Files.getLastModifiedTime(keptLabels);
        Files.delete(out.resolve("img-2-rois.zip"));         // an output removed by hand
        Files.delete(out.resolve("journal/img-3.png.done")); // killed after writing the outputs, before the journal entry

        List<BatchRow> second = run(false, CancelToken.none());
        assertEquals(expect(Status.ALREADY_DONE, Status.DONE, Status.DONE), statuses(second));
        assertEquals(first.get(1).objects(), second.get(1).objects(), "the journal remembers the count");
        assertEquals("finished earlier", second.get(1).message());
        assertEquals(before, Files.getLastModifiedTime(keptLabels), "a finished image's outputs are not rewritten");
        assertEquals(first.get(2).objects(), second.get(2).objects(), "the same clicks give the same result");
        assertTrue(Files.isRegularFile(out.resolve("img-2-rois.zip")));

        assertEquals(expect(Status.ALREADY_DONE, Status.ALREADY_DONE, Status.ALREADY_DONE), statuses(run(false, CancelToken.none())));
        assertEquals(expect(Status.DONE, Status.DONE, Status.DONE), statuses(run(true, CancelToken.none())), "redo");
    }

    @Test
    void cancellingLeavesTheSummaryAndTheNextRunFinishesTheRest() throws IOException {
        CancelToken cancel = new CancelToken();
        // Esc pressed while the first good image is segmented: that image completes, the rest waits.
        assertThrows(CancelToken.CancelledException.class, () -> run(settings(false), SegmentOptions.defaults(),
                job -> new ObservedJob(job, (image, outcome) -> cancel.cancel()), cancel));
        List<String> summary = Files.readAllLines(out.resolve(FolderBatch.SUMMARY_FILE));
        assertEquals(List.of("broken.png,failed", "img-1.png,done", "img-2.png,not-reached", "img-3.png,not-reached", "unclicked.png,not-reached"),
                summary.subList(1, summary.size()).stream().map(l -> l.split(",")[0] + "," + l.split(",")[1]).toList());
        assertEquals(expect(Status.ALREADY_DONE, Status.DONE, Status.DONE), statuses(run(false, CancelToken.none())));
    }

    /** What a kill leaves: the process dies (an Error no batch catches) after img-2's first output is in place. */
    @Test
    void killedHalfWayThroughAnImageTheNextRunRedoesThatImageAndNoOther() throws IOException {
        Map<String, Integer> segmented = new TreeMap<>();
        UnaryOperator<ImageJob> counting = job -> new ObservedJob(job, (image, outcome) -> segmented.merge(image.getFileName().toString(), 1, Integer::sum));
        Error kill = new Error("killed");
        Error thrown = assertThrows(Error.class, () -> run(settings(false), SegmentOptions.defaults(), job -> new ObservedJob(counting.apply(job), (image, outcome) -> {
            if (image.getFileName().toString().equals("img-2.png")) {
                try {
                    Files.delete(out.resolve("img-2-results.csv"));
                    Files.delete(out.resolve("img-2-rois.zip"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                throw kill;
            }
        }), CancelToken.none()));
        assertEquals(kill, thrown);
        List<String> summaryAtKill = Files.readAllLines(out.resolve(FolderBatch.SUMMARY_FILE));
        assertEquals(List.of(SummaryCsv.HEADER, "broken.png", "img-1.png"), summaryAtKill.stream().map(l -> l.startsWith("image,") ? l : l.split(",")[0]).toList(),
                "the summary as it stood after the last image finished");
        FileTime img1 = Files.getLastModifiedTime(out.resolve("img-1-labels.tif"));

        List<BatchRow> resumed = run(settings(false), SegmentOptions.defaults(), counting, CancelToken.none());
        assertEquals(expect(Status.ALREADY_DONE, Status.DONE, Status.DONE), statuses(resumed));
        assertEquals(Map.of("img-1.png", 1, "img-2.png", 2, "img-3.png", 1), segmented,
                "img-2 was cut short, so it is done again; every other image exactly once");
        assertEquals(img1, Files.getLastModifiedTime(out.resolve("img-1-labels.tif")), "img-1's outputs are kept as they were");
        for (String base : List.of("img-1", "img-2", "img-3")) {
            BatchOutputs.files(out, base).forEach(f -> assertTrue(Files.isRegularFile(f), f.toString()));
        }
        List<String> summary = Files.readAllLines(out.resolve(FolderBatch.SUMMARY_FILE));
        assertEquals(6, summary.size(), "every image in the summary, the ones of the killed run included");
        assertTrue(summary.get(2).startsWith("img-1.png,already-done," + resumed.get(1).objects() + ","), summary.get(2));
    }

    @Test
    void theOutputFolderMayBeTheInputFolder() throws IOException {
        out = data.resolve("images");
        Files.copy(data.resolve("points/img-1-points.csv"), out.resolve("img-1-points.csv"));
        FolderBatch.Settings settings = new FolderBatch.Settings(out, out, false, REDO_HINT);
        List<BatchRow> first = run(settings, SegmentOptions.defaults(), job -> job, CancelToken.none());
        List<BatchRow> second = run(settings, SegmentOptions.defaults(), job -> job, CancelToken.none());
        assertEquals(5, first.size());
        assertEquals(5, second.size(), "its own label images are not taken for new input images");
        assertEquals(Status.ALREADY_DONE, second.get(1).status());
    }

    @Test
    void twoImagesWithOneBaseNameDoNotOverwriteEachOthersOutputs() throws IOException {
        Files.copy(data.resolve("images/img-1.png"), data.resolve("images/img-1.tif"));
        List<BatchRow> rows = run(false, CancelToken.none());
        BatchRow tif = rows.stream().filter(r -> r.image().equals("img-1.tif")).findFirst().orElseThrow();
        assertEquals(Status.SKIPPED, tif.status());
        assertTrue(tif.message().contains("another image has the base name 'img-1'"), tif.message());
        assertEquals(Status.DONE, rows.stream().filter(r -> r.image().equals("img-1.png")).findFirst().orElseThrow().status());
    }

    @Test
    void aRunWithOtherOptionsRefusesTheFolderInsteadOfSkippingOrOverwriting() throws IOException {
        run(false, CancelToken.none());
        FileTime before = Files.getLastModifiedTime(out.resolve("img-1-labels.tif"));
        SegmentOptions other = SegmentOptions.defaults().toBuilder().minArea(30).build();
        SparseSamException e = assertThrows(SparseSamException.class, () -> run(settings(false), other, job -> job, CancelToken.none()));
        assertTrue(e.getMessage().contains("holds a batch run with other settings (then: minArea=0; now: minArea=30)")
                && e.getMessage().contains(REDO_HINT) && e.getMessage().contains("another output folder"), e.getMessage());
        assertEquals(before, Files.getLastModifiedTime(out.resolve("img-1-labels.tif")));
        assertEquals(expect(Status.DONE, Status.DONE, Status.DONE), statuses(run(settings(true), other, job -> job, CancelToken.none())), "redo");
        assertEquals(expect(Status.ALREADY_DONE, Status.ALREADY_DONE, Status.ALREADY_DONE),
                statuses(run(settings(false), other, job -> job, CancelToken.none())), "the folder is now the new run's");
    }

    @Test
    void resultsNoJournalAccountsForAreNeverOverwrittenWithoutRedo() throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve("img-3-results.csv"), "a user's own table\n");
        SparseSamException e = assertThrows(SparseSamException.class, () -> run(false, CancelToken.none()));
        assertTrue(e.getMessage().contains("img-3-results.csv") && e.getMessage().contains("no batch journal") && e.getMessage().contains(REDO_HINT),
                e.getMessage());
        assertEquals("a user's own table\n", Files.readString(out.resolve("img-3-results.csv")));
        assertFalse(Files.exists(out.resolve("img-1-labels.tif")), "refused before any work");
        assertEquals(expect(Status.DONE, Status.DONE, Status.DONE), statuses(run(true, CancelToken.none())));
    }
}
