package org.sparsesam.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.core.prompt.PointLabel;

class StainThresholdBaselineTest {
    private final SyntheticTissue tissue = SyntheticTissue.nuclei(160, 120, 3);

    @Test
    void haematoxylinFindsTheHaematoxylinDenseNucleiOfASyntheticImage() {
        SegmentResult result = new StainThresholdBaseline(StainThresholdBaseline.Stain.HAEMATOXYLIN)
                .segment(tissue.image(), List.of(), Progress.NONE, CancelToken.none());
        ImageMetrics m = Metrics.evaluate(tissue.labels(), result.labels(), GtKind.INSTANCE);
        assertTrue(m.dice() > 0.9, "dice " + m.dice());
        // Nuclei never touch in this image, so every one should come out as one object.
        assertEquals(tissue.labels().maxLabel(), result.count(), 2);
    }

    @Test
    void clicksDoNotChangeTheFloor() {
        StainThresholdBaseline baseline = new StainThresholdBaseline(StainThresholdBaseline.Stain.HAEMATOXYLIN);
        SegmentResult without = baseline.segment(tissue.image(), List.of(), Progress.NONE, CancelToken.none());
        SegmentResult with = baseline.segment(tissue.image(), List.of(new Point(10, 10, PointLabel.BACKGROUND),
                new Point(50, 50, PointLabel.FOREGROUND)), Progress.NONE, CancelToken.none());
        assertArrayEquals(without.labels().data(), with.labels().data());
    }

    @Test
    void namesTheStainsItKnowsAndRefusesGreyImages() {
        assertEquals(StainThresholdBaseline.Stain.EOSIN, StainThresholdBaseline.Stain.parse("e"));
        assertEquals(StainThresholdBaseline.Stain.HAEMATOXYLIN, StainThresholdBaseline.Stain.parse("Haematoxylin"));
        assertTrue(assertThrows(SparseSamException.class, () -> StainThresholdBaseline.Stain.parse("dab")).getMessage().contains("haematoxylin"));
        RasterImage grey = RasterImage.grey(new FloatPlane(20, 20));
        assertThrows(SparseSamException.class, () -> new StainThresholdBaseline(StainThresholdBaseline.Stain.EOSIN)
                .segment(grey, List.of(), Progress.NONE, CancelToken.none()));
    }
}
