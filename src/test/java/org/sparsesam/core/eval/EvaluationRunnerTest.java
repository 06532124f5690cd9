package org.sparsesam.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.eval.ItemEvaluation.Status;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.core.prompt.ClickSimulator.ClickCounts;
import org.sparsesam.core.prompt.ClickSimulator.Protocol;
import org.sparsesam.core.prompt.Point;

class EvaluationRunnerTest {
    private static final EvaluationSettings SETTINGS = new EvaluationSettings(new ClickCounts(2, 2), Protocol.RANDOM, 7, 1);

    /** Items served from memory; an image whose ground truth is bright (200) on dark (20), so thresholding recovers it. */
    private static final class MemorySource implements DatasetSource {
        final Map<String, LabelImage> masks = new LinkedHashMap<>();
        final Map<String, RasterImage> images = new LinkedHashMap<>();
        final List<String> unreadable = new ArrayList<>();

        void add(String name, LabelImage mask) {
            masks.put(name, mask);
            images.put(name, imageOf(mask));
        }

        @Override public String name() { return "memory"; }
        @Override public List<String> items() { return new ArrayList<>(images.keySet()); }
        @Override public boolean hasMask(String item) { return masks.containsKey(item); }

        @Override
        public RasterImage loadImage(String item) {
            if (unreadable.contains(item)) {
                throw new SparseSamException("The file " + item + " is not an image ImageJ can read.");
            }
            return images.get(item);
        }

        @Override public LabelImage loadMask(String item) { return masks.get(item); }
    }

    private static RasterImage imageOf(LabelImage mask) {
        float[] px = new float[mask.data().length];
        for (int i = 0; i < px.length; i++) {
            px[i] = mask.data()[i] != 0 ? 200 : 20;
        }
        return RasterImage.grey(new FloatPlane(mask.width(), mask.height(), px));
    }

    /** Thresholds the image and labels components: a perfect answer for well-separated objects. */
    private static final Segmenter THRESHOLD = (image, points, progress, cancel) -> {
        float[] px = image.channel(0).data();
        int[] fg = new int[px.length];
        for (int i = 0; i < px.length; i++) {
            fg[i] = px[i] > 100 ? 1 : 0;
        }
        LabelImage labels = GroundTruth.components(new LabelImage(image.width(), image.height(), fg));
        return new SegmentResult(labels, image.channel(0), List.of(), List.of(), Map.of("encode", 1.0));
    };

    private static LabelImage squares(int w, int h, int value1, int value2) {
        int[] l = new int[w * h];
        for (int y = 4; y < 16; y++) {
            for (int x = 4; x < 16; x++) {
                l[y * w + x] = value1;
                l[(y + 20) * w + x + 20] = value2;
            }
        }
        return new LabelImage(w, h, l);
    }

    @Test
    void badItemsAreReportedAndTheOthersEvaluated() {
        MemorySource source = new MemorySource();
        source.add("a", squares(48, 48, 1, 2));
        source.images.put("b-no-mask", imageOf(squares(48, 48, 1, 2)));
        source.add("c-size", squares(48, 48, 1, 2));
        source.images.put("c-size", imageOf(squares(40, 48, 1, 2)));
        source.add("d-empty", new LabelImage(48, 48));
        source.add("e-unreadable", squares(48, 48, 1, 2));
        source.unreadable.add("e-unreadable");
        source.add("f-segment-fails", squares(44, 48, 1, 2));
        source.add("g", squares(48, 48, 3, 9));
        Segmenter failsOnNarrowImages = (image, points, progress, cancel) -> {
            if (image.width() == 44) {
                throw new SparseSamException("No foreground click lies inside the image: click on an object.");
            }
            return THRESHOLD.segment(image, points, progress, cancel);
        };
        List<String> heard = new ArrayList<>();
        EvaluationReport report = new EvaluationRunner(SETTINGS, failsOnNarrowImages)
                .run(source, (e, a) -> heard.add(e.item() + ":" + e.status().key() + ":" + (a != null)), Progress.NONE, CancelToken.none());

        assertEquals(List.of("a:ok:true", "b-no-mask:skipped:false", "c-size:skipped:false", "d-empty:skipped:false",
                "e-unreadable:failed:false", "f-segment-fails:failed:false", "g:ok:true"), heard);
        assertEquals(GtKind.INSTANCE, report.gtKind());
        assertEquals(2, report.evaluatedImages());
        assertEquals(3, report.skippedImages());
        assertEquals(2, report.failedImages());
        Map<String, ItemEvaluation> byItem = new LinkedHashMap<>();
        report.evaluations().forEach(e -> byItem.put(e.item(), e));
        assertTrue(byItem.get("c-size").message().contains("40x48"), byItem.get("c-size").message());
        assertTrue(byItem.get("f-segment-fails").message().contains("No foreground click"));
        assertEquals(1, byItem.get("a").metrics().dice(), 1e-12);
        assertEquals(1, byItem.get("g").metrics().aji(), 1e-12);
        MetricSummary dice = report.summary(Metric.DICE);
        assertEquals(1, dice.mean(), 1e-12);
        assertEquals(2, dice.images());
    }

    @Test
    void binaryMasksAreSplitIntoComponentsAndLeaveInstanceMetricsOut() {
        MemorySource source = new MemorySource();
        source.add("one", squares(48, 48, 255, 255));
        source.add("two", squares(48, 48, 255, 255));
        EvaluationReport report = new EvaluationRunner(SETTINGS, THRESHOLD).run(source, EvaluationListener.NONE, Progress.NONE, CancelToken.none());
        assertEquals(GtKind.BINARY, report.gtKind());
        ItemEvaluation first = report.evaluations().get(0);
        assertEquals(2, first.metrics().gtObjects());
        assertEquals(1, first.metrics().glasF1(), 1e-12);
        assertTrue(Double.isNaN(first.metrics().aji()));
        assertTrue(Double.isNaN(report.summary(Metric.AJI).mean()));
        // Two fg clicks, one per component, both on the squares; two bg clicks off them.
        List<Point> points = first.points();
        assertEquals(4, points.size());
        LabelImage mask = source.masks.get("one");
        points.forEach(p -> assertEquals(p.isForeground(), mask.get((int) p.x(), (int) p.y()) != 0));
    }

    @Test
    void repeatsUseConsecutiveSeedsAndEqualRunsGiveEqualReports() {
        MemorySource source = new MemorySource();
        source.add("a", squares(48, 48, 1, 2));
        EvaluationSettings three = new EvaluationSettings(new ClickCounts(1, 1), Protocol.RANDOM, 10, 3);
        EvaluationReport report = new EvaluationRunner(three, THRESHOLD).run(source, EvaluationListener.NONE, Progress.NONE, CancelToken.none());
        assertEquals(List.of(10L, 11L, 12L), report.evaluations().stream().map(ItemEvaluation::seed).toList());
        assertEquals(List.of(0, 1, 2), report.evaluations().stream().map(ItemEvaluation::repeat).toList());
        EvaluationReport again = new EvaluationRunner(three, THRESHOLD).run(source, EvaluationListener.NONE, Progress.NONE, CancelToken.none());
        assertEquals(report.evaluations().stream().map(ItemEvaluation::points).toList(),
                again.evaluations().stream().map(ItemEvaluation::points).toList());
        // A perfect segmenter scores the same in every repeat: no spread over repeats.
        assertEquals(0, report.summary(Metric.DICE).sdOverRepeats(), 1e-12);
    }

    @Test
    void summarySpreadsAreOverRepeatsAndOverImages() {
        // Dice: image A 0.5 (repeat 0), 0.7 (repeat 1); image B 0.9, 1.0.
        // mean = 3.1 / 4 = 0.775. Repeat means 0.7, 0.85 -> sample sd = 0.15 / sqrt(2).
        // Image means 0.6, 0.95 -> sample sd = 0.35 / sqrt(2). A failed entry is left out.
        List<ItemEvaluation> items = List.of(ok("A", 0, 0.5), ok("A", 1, 0.7), ok("B", 0, 0.9), ok("B", 1, 1.0),
                ItemEvaluation.notEvaluated("C", 1, Status.FAILED, "unreadable", GtKind.INSTANCE));
        EvaluationReport report = new EvaluationReport("d", GtKind.INSTANCE, SETTINGS, items);
        MetricSummary s = report.summary(Metric.DICE);
        assertEquals(0.775, s.mean(), 1e-12);
        assertEquals(0.15 / Math.sqrt(2), s.sdOverRepeats(), 1e-12);
        assertEquals(0.35 / Math.sqrt(2), s.sdOverImages(), 1e-12);
        assertEquals(2, s.images());
        assertEquals(1, report.failedImages());
    }

    private static ItemEvaluation ok(String item, int repeat, double dice) {
        ImageMetrics m = new ImageMetrics(dice, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0);
        return new ItemEvaluation(item, repeat, repeat, Status.OK, "", GtKind.INSTANCE, m, List.of(), List.of(), Map.of(), 1);
    }

    @Test
    void cancellingStopsTheRun() {
        MemorySource source = new MemorySource();
        source.add("a", squares(48, 48, 1, 2));
        source.add("b", squares(48, 48, 1, 2));
        CancelToken cancel = new CancelToken();
        List<String> seen = new ArrayList<>();
        EvaluationRunner runner = new EvaluationRunner(SETTINGS, THRESHOLD);
        assertThrows(CancelToken.CancelledException.class, () -> runner.run(source, (e, a) -> {
            seen.add(e.item());
            cancel.cancel();
        }, Progress.NONE, cancel));
        assertEquals(List.of("a"), seen);
    }

    @Test
    void anEmptyDatasetIsAnError() {
        MemorySource source = new MemorySource();
        SparseSamException e = assertThrows(SparseSamException.class,
                () -> new EvaluationRunner(SETTINGS, THRESHOLD).run(source, EvaluationListener.NONE, Progress.NONE, CancelToken.none()));
        assertTrue(e.getMessage().contains("images/"));
    }
}
