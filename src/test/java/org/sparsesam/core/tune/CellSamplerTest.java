package org.sparsesam.core.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CellSamplerTest {
    private static final int[] POOL = {3, 8, 9, 15, 20, 21, 40, 41, 57, 99};

    @Test
    void drawsDistinctPoolCellsInAscendingOrder() {
        CellSampler sampler = new CellSampler(POOL, new Random(1));
        for (int draw = 0; draw < 20; draw++) {
            int[] sample = sampler.draw(4);
            assertEquals(4, sample.length);
            for (int i = 0; i < sample.length; i++) {
                assertTrue(Arrays.binarySearch(POOL, sample[i]) >= 0, sample[i] + " is not in the pool");
                if (i > 0) {
                    assertTrue(sample[i] > sample[i - 1], "ascending and distinct: " + Arrays.toString(sample));
                }
            }
        }
    }

    @Test
    void everyCellGetsDrawnAboutEquallyOften() {
        // 4 of 10 per draw: each cell expects 0.4 * 5000 = 2000 draws, standard deviation about 35.
        CellSampler sampler = new CellSampler(POOL, new Random(2));
        int[] counts = new int[100];
        for (int draw = 0; draw < 5000; draw++) {
            for (int cell : sampler.draw(4)) {
                counts[cell]++;
            }
        }
        for (int cell : POOL) {
            assertEquals(2000, counts[cell], 150, "cell " + cell);
        }
    }

    @Test
    void askingForMoreThanThePoolGivesTheWholePool() {
        assertArrayEquals(POOL, new CellSampler(POOL, new Random(1)).draw(50));
    }

    @Test
    void sameSeedSameDraws() {
        CellSampler a = new CellSampler(POOL, new Random(9));
        CellSampler b = new CellSampler(POOL, new Random(9));
        CellSampler c = new CellSampler(POOL, new Random(10));
        int[] fromA = a.draw(5);
        assertArrayEquals(fromA, b.draw(5));
        assertNotEquals(Arrays.toString(fromA) + Arrays.toString(a.draw(5)), Arrays.toString(c.draw(5)) + Arrays.toString(c.draw(5)));
    }
}
