package org.sparsesam.core.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.image.FloatPlane;

class DistanceTransformTest {

    @Test
    void equalsBruteForceOnRandomMasks() {
        Random random = new Random(42);
        for (int trial = 0; trial < 60; trial++) {
            int w = 1 + random.nextInt(23), h = 1 + random.nextInt(23);
            double fraction = new double[] {0.3, 0.7, 0.95, 1.0}[trial % 4];
            BinaryMask mask = Masks.random(w, h, fraction, random);
            for (boolean outside : new boolean[] {true, false}) {
                FloatPlane fast = DistanceTransform.euclidean(mask, outside);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        float expected = (float) Math.sqrt(bruteForceSquared(mask, x, y, outside));
                        assertEquals(expected, fast.get(x, y), "trial " + trial + " outside=" + outside + " at " + x + "," + y);
                    }
                }
            }
        }
    }

    @Test
    void distancesInASolidRectangleCountToTheNearestEdgeOutside() {
        // A 5x3 image, all foreground: the outside ring is the only background, one step beyond the edge.
        BinaryMask mask = Masks.parse("#####", "#####", "#####");
        FloatPlane d = DistanceTransform.euclidean(mask);
        assertEquals(1f, d.get(0, 0));
        assertEquals(2f, d.get(2, 1));
        assertEquals(2f, d.get(1, 1));
        assertEquals(Float.POSITIVE_INFINITY, DistanceTransform.euclidean(mask, false).get(2, 1));
    }

    @Test
    void diagonalDistanceIsEuclidean() {
        // Only (0,0) is background; (3,4) is 5 away from it, and the edge is not background.
        BinaryMask mask = Masks.parse(
                ".#####",
                "######",
                "######",
                "######",
                "######");
        FloatPlane d = DistanceTransform.euclidean(mask, false);
        assertEquals(5f, d.get(3, 4));
        assertEquals(0f, d.get(0, 0));
        assertEquals((float) Math.sqrt(2), d.get(1, 1));
    }

    /** Minimum squared distance to a background pixel, with the one-pixel ring around the image as background if asked. */
    private static double bruteForceSquared(BinaryMask mask, int x, int y, boolean outsideIsBackground) {
        if (!mask.get(x, y)) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int by = -1; by <= mask.height(); by++) {
            for (int bx = -1; bx <= mask.width(); bx++) {
                boolean outside = bx < 0 || by < 0 || bx >= mask.width() || by >= mask.height();
                boolean background = outside ? outsideIsBackground : !mask.get(bx, by);
                if (background) {
                    best = Math.min(best, (double) (bx - x) * (bx - x) + (double) (by - y) * (by - y));
                }
            }
        }
        return best;
    }
}
