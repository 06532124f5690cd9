package org.sparsesam.core.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.encode.SimilarityCalibration;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.prompt.Point;

/** The learned encoder's map ({@link InitialMap#withoutPrior}): the click margin, with stand-ins when background clicks are missing. */
class InitialMapTest {
    /**
     * Three kinds of cells: the clicked kind A in a band, and two kinds of background, B (most of the image) and C (a
     * patch), whose similarity to A differs (0.5 and 0). Otsu's threshold on the similarity to A alone would cut
     * between B and C; the stand-ins, drawn from the cells least like A and spread out, cover both B and C, so only A
     * is foreground.
     */
    @Test
    void withForegroundClicksOnlyTheLeastAlikeCellsStandInForBackground() {
        int w = 64, h = 64;
        float[] a = new float[w * h], b = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (y >= 28 && y < 36) {            // A: the clicked kind
                    a[i] = 1;
                } else if (x >= 40 && y >= 44) {    // C: unlike A
                    b[i] = 1;
                } else {                            // B: halfway (cosine 0.71 with A)
                    a[i] = 1;
                    b[i] = 1;
                }
            }
        }
        FeatureGrid grid = new FeatureGrid(new FloatPlane[] {new FloatPlane(w, h, a), new FloatPlane(w, h, b)},
                new String[] {"a", "b"}, 1, w, h);
        RasterImage image = RasterImage.grey(new FloatPlane(w, h));
        InitialMap map = InitialMap.withoutPrior(image, grid, Prototypes.fromClicks(grid, List.of(Point.fg(10, 31), Point.fg(50, 32)), 1),
                SimilarityCalibration.learned(0.1));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean clickedKind = y >= 28 && y < 36;
                assertEquals(clickedKind, map.probability().get(x, y) > 0.5f, "cell " + x + "," + y);
            }
        }
    }

    @Test
    void standInsSpreadOverTheLeastAlikeCells() {
        int w = 40, h = 40;
        float[] a = new float[w * h], b = new float[w * h];
        for (int i = 0; i < a.length; i++) {
            a[i] = 1;
            b[i] = (i % w) / (float) w; // less like (1, 0) towards the right
        }
        FeatureGrid grid = new FeatureGrid(new FloatPlane[] {new FloatPlane(w, h, a), new FloatPlane(w, h, b)},
                new String[] {"a", "b"}, 1, w, h);
        FloatPlane similarity = SelfSimilarity.compute(grid, Prototypes.fromClicks(grid, List.of(Point.fg(0, 0)), 0)).foreground();
        List<float[]> standIns = InitialMap.leastAlike(grid, similarity, 4);
        assertEquals(4, standIns.size());
        for (float[] p : standIns) {
            // every stand-in comes from the right-hand side, the cells least like the click
            assertTrue(p[1] / p[0] > 0.8, "stand-in " + p[0] + "," + p[1]);
        }
    }
}
