package org.sparsesam.cli;

import org.sparsesam.ij.DatasetFolder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.eval.EvaluationListener;
import org.sparsesam.core.eval.EvaluationReport;
import org.sparsesam.core.eval.EvaluationRunner;
import org.sparsesam.core.eval.EvaluationSettings;
import org.sparsesam.core.eval.GroundTruth;
import org.sparsesam.core.eval.GtKind;
import org.sparsesam.core.eval.ImageMetrics;
import org.sparsesam.core.eval.Metrics;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.core.prompt.ClickSimulator;
import org.sparsesam.core.prompt.ClickSimulator.ClickCounts;
import org.sparsesam.core.prompt.ClickSimulator.Protocol;
import org.sparsesam.core.prompt.Point;

/** The evaluation's data path on the real development sets (../shared/data): reading, mask kinds, clicks, metrics. */
@Tag("slow")
class SharedDataTest {
    private static final Path DATA = Path.of("../shared/data");

    @Test
    void monusegMasksAreInstanceLabelsThatScoreOneAgainstThemselves() {
        DatasetFolder folder = new DatasetFolder(DATA.resolve("monuseg"));
        assertEquals(13, folder.items().size());
        for (String item : folder.items()) {
            LabelImage mask = folder.loadMask(item);
            assertTrue(GroundTruth.hasSeveralObjectValues(mask), item);
            ImageMetrics m = Metrics.evaluate(mask, mask, GtKind.INSTANCE);
            assertEquals(1, m.aji(), 1e-12, item);
            assertEquals(1, m.pq(), 1e-12, item);
            ClickSimulator.Clicks clicks = new ClickSimulator(Protocol.RANDOM, new ClickCounts(5, 5)).simulate(mask, 1);
            Set<Integer> clicked = new HashSet<>();
            for (Point p : clicks.points()) {
                int label = mask.get((int) p.x(), (int) p.y());
                if (p.isForeground()) {
                    assertTrue(label != 0 && clicked.add(label), item + " " + p);
                } else {
                    assertEquals(0, label, item + " " + p);
                }
            }
            assertEquals(10, clicks.points().size(), item);
        }
    }

    @Test
    void glasIsBinaryAndEveryImageIsEvaluated() {
        DatasetFolder folder = new DatasetFolder(DATA.resolve("glas"));
        // Stand-in segmenter: green below 115 is foreground; crude, but enough to exercise the path.
        EvaluationReport report = new EvaluationRunner(new EvaluationSettings(new ClickCounts(3, 3), Protocol.CENTROID, 1, 1),
                ThresholdSegmenter.INSTANCE).run(folder, EvaluationListener.NONE, Progress.NONE, CancelToken.none());
        assertEquals(GtKind.BINARY, report.gtKind());
        assertEquals(12, report.evaluatedImages());
        report.evaluations().forEach(e -> {
            assertTrue(e.metrics().dice() >= 0 && e.metrics().dice() <= 1, e.item());
            assertTrue(Double.isNaN(e.metrics().aji()), e.item());
        });
    }
}
