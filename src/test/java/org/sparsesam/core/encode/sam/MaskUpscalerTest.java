package org.sparsesam.core.encode.sam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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

    @Test
    void keepsOnlyTheRequestedTopLeftPart() {
        FloatPlane in = new FloatPlane(2, 2, new float[] {0, 1, 2, 3});
        FloatPlane cropped = MaskUpscaler.resize(in, 4, 4, 3, 2);
        assertArrayEquals(new float[] {0.0f, 0.25f, 0.75f, 0.5f, 0.75f, 1.25f}, cropped.data(), 1e-6f);
    }
}
