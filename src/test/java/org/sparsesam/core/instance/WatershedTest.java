package org.sparsesam.core.instance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.image.FloatPlane;

class WatershedTest {

    @Test
    void aPitWithoutSeedGoesToTheSideWithTheLowerPourPoint() {
        // Elevation 0 2 3 1 4 1 0, seeds at both ends. The pit at x=3 can be reached from the left over a
        // pass of 3 and from the right only over 4, so it floods from the left; the 4 itself is claimed by
        // the right flood, which reaches its neighbour (the 1 at x=5) before the left flood climbs past 3.
        FloatPlane elevation = new FloatPlane(7, 1, new float[] {0, 2, 3, 1, 4, 1, 0});
        LabelImage seeds = new LabelImage(7, 1, new int[] {1, 0, 0, 0, 0, 0, 2});
        LabelImage flooded = Watershed.flood(elevation, seeds);
        assertArrayEquals(new int[] {1, 1, 1, 1, 2, 2, 2}, flooded.data());
    }

    @Test
    void aFlatValleySplitsHalfWayFirstComeFirstServed() {
        // On a plateau the floods advance one pixel per round, alternating; the middle pixel goes to
        // the seed that was queued first (raster order).
        FloatPlane flat = new FloatPlane(9, 1);
        LabelImage seeds = new LabelImage(9, 1, new int[] {3, 0, 0, 0, 0, 0, 0, 0, 5});
        assertArrayEquals(new int[] {3, 3, 3, 3, 3, 5, 5, 5, 5}, Watershed.flood(flat, seeds).data());
    }

    @Test
    void floodingStaysInTheMaskAndLeavesUnreachablePixelsUnlabelled() {
        BinaryMask mask = Masks.parse(
                "###.##",
                "###.##");
        FloatPlane flat = new FloatPlane(6, 2);
        int[] seed = new int[12];
        seed[0] = 7;
        seed[3] = 9;  // outside the mask: ignored
        LabelImage flooded = Watershed.flood(flat, new LabelImage(6, 2, seed), mask);
        assertArrayEquals(new int[] {
                7, 7, 7, 0, 0, 0,
                7, 7, 7, 0, 0, 0}, flooded.data());
    }

    @Test
    void fourConnectedFloodDoesNotCrossDiagonalSteps() {
        BinaryMask mask = Masks.parse("#.", ".#");
        LabelImage seeds = new LabelImage(2, 2, new int[] {1, 0, 0, 0});
        FloatPlane flat = new FloatPlane(2, 2);
        assertEquals(0, Watershed.flood(flat, seeds, mask, Connectivity.FOUR).get(1, 1));
        assertEquals(1, Watershed.flood(flat, seeds, mask, Connectivity.EIGHT).get(1, 1));
    }

    @Test
    void everyPixelOfARandomLandscapeGetsTheLabelOfASeedItConnectsTo() {
        Random random = new Random(3);
        int w = 40, h = 30;
        float[] e = new float[w * h];
        for (int i = 0; i < e.length; i++) {
            e[i] = random.nextInt(5);  // many ties, to exercise the first-in first-out order
        }
        int[] seed = new int[w * h];
        seed[5 * w + 5] = 1;
        seed[20 * w + 30] = 2;
        LabelImage flooded = Watershed.flood(new FloatPlane(w, h, e), new LabelImage(w, h, seed));
        long[] areas = ConnectedComponents.areas(flooded);
        assertEquals(0, areas[0]);
        assertEquals(w * h, areas[1] + areas[2]);
        // Each region is connected (a flood only moves to neighbours).
        for (int label = 1; label <= 2; label++) {
            final int l = label;
            boolean[] region = new boolean[w * h];
            for (int i = 0; i < region.length; i++) {
                region[i] = flooded.data()[i] == l;
            }
            assertEquals(1, ConnectedComponents.label(new BinaryMask(w, h, region)).maxLabel());
        }
        assertArrayEquals(flooded.data(), Watershed.flood(new FloatPlane(w, h, e), new LabelImage(w, h, seed)).data());
    }
}
