package org.sparsesam.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.encode.BuiltinEncoder;
import org.sparsesam.core.eval.SyntheticTissueSource;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.prompt.Point;

/** {@code tune = head} through the front end: the defaults apply, and the timings bench prints are recorded. */
class SparseSamHeadTuningTest {

    @Test
    void headTuningRunsWithTheDefaultsAndReportsItsTimePerIteration() {
        SyntheticTissueSource source = new SyntheticTissueSource(160, 160, 3);
        RasterImage image = source.read(0, 0, 160, 160);
        List<Point> clicks = source.clicks(5, 5);
        SegmentOptions options = SegmentOptions.builder().tune("head").tuneIterations(12).build();
        assertEquals("linear", options.head(), "the linear head is the default");
        SegmentResult result;
        try (SparseSam sam = new SparseSam(options, new BuiltinEncoder())) {
            result = sam.segment(image, clicks, Progress.NONE, CancelToken.none());
        }
        String note = result.notes().stream().filter(n -> n.startsWith("tuned linear head")).findFirst().orElseThrow();
        int run = Integer.parseInt(note.replaceAll(".* of (\\d+) .*", "$1"));
        assertTrue(run >= 1 && run <= 12, note);

        Map<String, Double> millis = result.stageMillis();
        double perIteration = millis.get("tune: per head iteration");
        assertTrue(perIteration > 0, millis.toString());
        // the per-iteration figure is the tuning time shared out, so the iterations run cannot take longer than it
        assertTrue(perIteration * run <= millis.get("tune") + 1e-6, millis.toString());
        assertTrue(result.count() > 0);
    }
}
