package org.sparsesam.core.encode.sam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparsesam.core.image.FloatPlane;

class MaskUpscalerTest {
    @Test
    void doublingMatchesPyTorchBilinearWithoutAlignedCorners() {
        // torch.nn.functional.interpolate([[0, 1], [2, 3]], size=4, mode="bilinear", align_corners=False):
        // source x = 0.5 * (o + 0.5) - 0.5 -> 0 (clamped), 0.25, 0.75, 1 (clamped); rows likewise, step 2.
        FloatPlane in = new FloatPlane(2, 2, new float[] {0, 1, 2, 3});
        FloatPlane out = MaskUpscaler.resize(in, 4, 4, 4, 4);
        float[] expected = {
            0.0f, 0.25f, 0.75f, 1.0f,
            0.5f, 0.75f, 1.25f, 1.5f,
            1.5f, 1.75f, 2.25f, 2.5f,
            2.0f, 2.25f, 2.75f, 3.0f};
        assertArrayEquals(expected, out.data(), 1e-6f);
    }

    /** Low-res logits -3 everywhere but a small blob of +4: one nucleus in a 150 x 100 image, tiny-model frame. */
    private static FloatPlane blob() {
        FloatPlane low = new FloatPlane(32, 32);
        java.util.Arrays.fill(low.data(), -3f);
        low.set(11, 7, 4f);
        low.set(12, 7, 4f);
        low.set(12, 8, 1f);
        return low;
    }

    private static float[] crop(FloatPlane full, int x0, int y0, int w, int h) {
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(full.data(), (y0 + y) * full.width() + x0, out, y * w, w);
        }
        return out;
    }

    @Test
    void aWindowEqualsTheSamePartOfTheFullUpscaleExactly() {
        SamFrame frame = SamFrame.of(150, 100, 128);
        FloatPlane full = MaskUpscaler.toImage(blob(), frame);
        for (int[] w : new int[][] {{0, 0, 150, 100}, {37, 11, 50, 40}, {149, 99, 1, 1}, {0, 60, 7, 40}}) {
            FloatPlane window = MaskUpscaler.toImageWindow(blob(), frame, w[0], w[1], w[2], w[3]);
            assertArrayEquals(crop(full, w[0], w[1], w[2], w[3]), window.data(), 0f, java.util.Arrays.toString(w));
        }
    }

    @Test
    void thePositiveWindowHoldsEveryPixelAboveZeroAndLittleMore() {
        SamFrame frame = SamFrame.of(150, 100, 128);
        FloatPlane full = MaskUpscaler.toImage(blob(), frame);
        int[] w = MaskUpscaler.positiveWindow(blob(), frame);
        int positives = 0;
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 150; x++) {
                if (full.get(x, y) > 0) {
                    positives++;
                    assertTrue(x >= w[0] && y >= w[1] && x < w[0] + w[2] && y < w[1] + w[3], x + "," + y + " outside " + java.util.Arrays.toString(w));
                }
            }
        }
        assertTrue(positives > 0);
        // Two stages of one-cell reach around a 2 x 2-cell blob: a few cells of about 4.7 image pixels each.
        assertTrue(w[2] < 40 && w[3] < 40, java.util.Arrays.toString(w));
        FloatPlane negative = new FloatPlane(32, 32);
        java.util.Arrays.fill(negative.data(), -1f);
        assertNull(MaskUpscaler.positiveWindow(negative, frame));
    }

    @Test
    void keepsOnlyTheRequestedTopLeftPart() {
        FloatPlane in = new FloatPlane(2, 2, new float[] {0, 1, 2, 3});
        FloatPlane cropped = MaskUpscaler.resize(in, 4, 4, 3, 2);
        assertArrayEquals(new float[] {0.0f, 0.25f, 0.75f, 0.5f, 0.75f, 1.25f}, cropped.data(), 1e-6f);
    }
}
