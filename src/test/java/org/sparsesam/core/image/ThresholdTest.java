package org.sparsesam.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThresholdTest {
    @Test
    void otsuSeparatesTwoClusters() {
        // Half the values near 10, half near 200: any threshold between the clusters is Otsu-optimal,
        // and the bin edge found must lie strictly between them.
        float[] v = new float[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i < 500 ? 10 + (i % 5) : 200 + (i % 7);
        }
        float t = Threshold.otsu(v);
        assertTrue(t > 14 && t < 200, "threshold " + t);
    }

    @Test
    void constantInputReturnsTheConstant() {
        assertEquals(3f, Threshold.otsu(new float[] {3, 3, 3}));
    }

    @Test
    void ignoresNonFiniteValues() {
        float t = Threshold.otsu(new float[] {0, 0, 0, 100, 100, 100, Float.NaN, Float.POSITIVE_INFINITY});
        assertTrue(t > 0 && t <= 100, "threshold " + t);
    }
}
