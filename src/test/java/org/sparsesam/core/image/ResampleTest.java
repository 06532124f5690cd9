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

    @Test
    void upsamplingOnlyAroundChangedCellsEqualsUpsamplingTheWholeGrid() {
        java.util.Random random = new java.util.Random(5);
        for (int stride : new int[] {1, 2, 4}) {
            // sizes that are and are not whole multiples of the stride, as the encoder's grids are
            int width = 13 * stride + random.nextInt(stride), height = 9 * stride + random.nextInt(stride);
            int gw = (width + stride - 1) / stride, gh = (height + stride - 1) / stride;
            FloatPlane before = new FloatPlane(gw, gh), after = new FloatPlane(gw, gh);
            for (int i = 0; i < gw * gh; i++) {
                before.data()[i] = random.nextFloat();
                // a few cells change, at the edges and corners too
                after.data()[i] = random.nextInt(6) == 0 || i == 0 || i == gw * gh - 1 ? random.nextFloat() : before.data()[i];
            }
            FloatPlane last = Resample.upsample(before, stride, width, height);
            org.junit.jupiter.api.Assertions.assertArrayEquals(Resample.upsample(after, stride, width, height).data(),
                    Resample.upsampleChanged(before, last, after, stride).data(), "stride " + stride);
            org.junit.jupiter.api.Assertions.assertArrayEquals(last.data(), Resample.upsampleChanged(before, last, before, stride).data());
        }
    }

    @Test
    void upsamplingGivesExactlyWhatSamplingEachPixelGives() {
        java.util.Random random = new java.util.Random(8);
        for (int stride : new int[] {2, 3, 4, 16}) {
            int width = 11 * stride + random.nextInt(stride), height = 7 * stride + random.nextInt(stride);
            FloatPlane grid = new FloatPlane((width + stride - 1) / stride, (height + stride - 1) / stride);
            for (int i = 0; i < grid.data().length; i++) {
                grid.data()[i] = random.nextFloat() * 2 - 0.5f;
            }
            FloatPlane up = Resample.upsample(grid, stride, width, height);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float expected = grid.sample((x + 0.5) / stride - 0.5, (y + 0.5) / stride - 0.5);
                    assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(up.get(x, y)), "stride " + stride + " at " + x + "," + y);
                }
            }
        }
    }
}
