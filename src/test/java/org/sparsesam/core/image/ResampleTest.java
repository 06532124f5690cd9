package org.sparsesam.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResampleTest {
    @Test
    void upsamplingALinearRampStaysLinearInside() {
        // Grid values g(x) = x at stride 4: cell x is centred on pixel 4x + 1.5, so pixel p maps to
        // grid coordinate (p + 0.5) / 4 - 0.5, and bilinear interpolation of a ramp reproduces it exactly.
        FloatPlane grid = new FloatPlane(4, 1, new float[] {0, 1, 2, 3});
        FloatPlane up = Resample.upsample(grid, 4, 16, 1);
        for (int p = 2; p <= 13; p++) {
            assertEquals((p + 0.5) / 4 - 0.5, up.get(p, 0), 1e-6);
        }
        // Beyond the outermost cell centres the border value is held.
        assertEquals(0f, up.get(0, 0), 1e-6);
        assertEquals(3f, up.get(15, 0), 1e-6);
    }
}
