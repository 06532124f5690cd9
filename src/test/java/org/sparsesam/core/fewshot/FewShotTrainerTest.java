package org.sparsesam.core.fewshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.eval.Metrics;
import org.sparsesam.core.eval.SyntheticTissue;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.core.prompt.Point;

/**
 * Models trained on generated nuclei images segment an unseen generated image. The bound: nuclei have radius
 * about 6 px; a segmentation whose every boundary is one pixel inside the truth (radius 5 for 6) has Dice
 * 2·25/(25+36) = 0.82. Nuclei and stroma differ by about 100 grey levels per channel against noise of 8, so a
 * model that has learnt anything must be at least that close: Dice above 0.8.
 */
class FewShotTrainerTest {
    static final double DICE_BOUND = 0.8;

    private static double diceOnUnseen(FewShotModel model, List<Point> clicks) {
        SyntheticTissue unseen = SyntheticTissue.nuclei(128, 112, 99);
        try (SparseSam sam = FewShotFixture.sam()) {
            SegmentResult result = sam.segment(unseen.image(), clicks, model, Progress.NONE, CancelToken.none());
            return Metrics.dice(unseen.labels().mask(), result.labels().mask());
        }
    }

    @Test
    void prototypesSegmentAnUnseenGeneratedImage() {
        FewShotModel model = FewShotFixture.train(FewShotKind.PROTOTYPES);
        assertNotNull(model.prototypes());
        assertNull(model.head());
        assertTrue(model.prototypes().foreground().size() > 1 && model.prototypes().background().size() > 1,
                "several prototypes per class");
        assertEquals("haematoxylin, sigma 1.50 px", model.stainPrior(),
                "the generated nuclei are small and haematoxylin-purple on eosin-pink: the stain itself, at the finest scale");
        assertEquals(List.of("a.png", "b.png"), model.trainingImages());
        double dice = diceOnUnseen(model, List.of());
        assertTrue(dice > DICE_BOUND, "Dice " + dice);
    }

    @Test
    void linearHeadSegmentsAnUnseenGeneratedImage() {
        FewShotModel model = FewShotFixture.train(FewShotKind.LINEAR);
        assertNotNull(model.head());
        double dice = diceOnUnseen(model, List.of());
        assertTrue(dice > DICE_BOUND, "Dice " + dice);
    }

    @Test
    void objectRadiusIsTheGeneratedNucleiSize() {
        FewShotModel model = FewShotFixture.train(FewShotKind.PROTOTYPES);
        // Nuclei are ellipses with semi-axes 4-8 px (x) and 0.7-1 of that (y): inscribed radius about 3-8 px.
        assertTrue(model.objectRadius() > 3 && model.objectRadius() < 8, "radius " + model.objectRadius());
    }

    @Test
    void clicksOverrideAPrototypeModel() {
        FewShotModel model = FewShotFixture.train(FewShotKind.PROTOTYPES);
        SyntheticTissue unseen = SyntheticTissue.nuclei(128, 112, 99);
        int[] first = centreOf(unseen.labels(), 1), second = centreOf(unseen.labels(), 2);
        int[] stroma = stromaPixel(unseen.labels());
        // A model for nuclei, clicked on stroma (foreground) and on two nuclei (background), finds the stroma.
        List<Point> clicks = List.of(Point.fg(stroma[0], stroma[1]), Point.bg(first[0], first[1]), Point.bg(second[0], second[1]));
        try (SparseSam sam = FewShotFixture.sam()) {
            SegmentResult result = sam.segment(unseen.image(), clicks, model, Progress.NONE, CancelToken.none());
            boolean[] stromaTruth = unseen.labels().mask();
            for (int i = 0; i < stromaTruth.length; i++) {
                stromaTruth[i] = !stromaTruth[i];
            }
            double dice = Metrics.dice(stromaTruth, result.labels().mask());
            assertTrue(dice > DICE_BOUND, "Dice with the stroma " + dice);
            assertTrue(result.notes().stream().anyMatch(n -> n.contains("override")), result.notes().toString());
        }
    }

    /** A background pixel at least 4 px from every nucleus. */
    private static int[] stromaPixel(LabelImage truth) {
        for (int y = 4; y < truth.height() - 4; y++) {
            for (int x = 4; x < truth.width() - 4; x++) {
                boolean clear = true;
                for (int dy = -4; dy <= 4 && clear; dy++) {
                    for (int dx = -4; dx <= 4 && clear; dx++) {
                        clear = truth.get(x + dx, y + dy) == 0;
                    }
                }
                if (clear) {
                    return new int[] {x, y};
                }
            }
        }
        throw new AssertionError("no stroma");
    }

    @Test
    void aTrainingImageWithAnEmptyMaskIsRefusedWithAMessage() {
        AnnotatedImage empty = new AnnotatedImage("empty.png", SyntheticTissue.nuclei(64, 64, 1).image(), new LabelImage(64, 64));
        try (SparseSam sam = FewShotFixture.sam()) {
            SparseSamException e = assertThrows(SparseSamException.class, () -> sam.train(List.of(empty),
                    FewShotSettings.defaults(FewShotKind.PROTOTYPES), "x", Progress.NONE, CancelToken.none()));
            assertTrue(e.getMessage().contains("empty.png") && e.getMessage().contains("holds no objects"), e.getMessage());
        }
    }

    /** The centroid of {@code label}: inside it, since the generated nuclei are ellipses. */
    private static int[] centreOf(LabelImage truth, int label) {
        long sx = 0, sy = 0, n = 0;
        for (int y = 0; y < truth.height(); y++) {
            for (int x = 0; x < truth.width(); x++) {
                if (truth.get(x, y) == label) {
                    sx += x;
                    sy += y;
                    n++;
                }
            }
        }
        return new int[] {(int) Math.round((double) sx / n), (int) Math.round((double) sy / n)};
    }
}
