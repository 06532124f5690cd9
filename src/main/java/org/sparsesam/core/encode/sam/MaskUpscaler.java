package org.sparsesam.core.encode.sam;

import org.sparsesam.core.image.FloatPlane;

/**
 * SAM's Sam.postprocess_masks: low-resolution logits are upscaled to the padded input square, cropped to
 * the resized image, then resized to the image, both steps with PyTorch's bilinear interpolation
 * (align_corners=False, no antialiasing). Only the cropped part of the square is ever computed.
 */
public final class MaskUpscaler {
    private MaskUpscaler() {}

    public static FloatPlane toImage(FloatPlane lowRes, SamFrame frame) {
        int s = frame.inputSize();
        FloatPlane inFrame = resize(lowRes, s, s, frame.resizedWidth(), frame.resizedHeight());
        return resize(inFrame, frame.imageWidth(), frame.imageHeight(), frame.imageWidth(), frame.imageHeight());
    }

    /**
     * Bilinear resize of {@code in} to an output grid of {@code outWidth x outHeight}, of which only the
     * top-left {@code keepWidth x keepHeight} is computed and returned.
     */
    static FloatPlane resize(FloatPlane in, int outWidth, int outHeight, int keepWidth, int keepHeight) {
        int[] x0 = new int[keepWidth], x1 = new int[keepWidth];
        float[] wx = new float[keepWidth];
        taps(in.width(), outWidth, x0, x1, wx);
        int[] y0 = new int[keepHeight], y1 = new int[keepHeight];
        float[] wy = new float[keepHeight];
        taps(in.height(), outHeight, y0, y1, wy);
        float[] src = in.data();
        int w = in.width();
        FloatPlane out = new FloatPlane(keepWidth, keepHeight);
        float[] dst = out.data();
        for (int y = 0; y < keepHeight; y++) {
            float b = wy[y], a = 1f - b;
            int r0 = y0[y] * w, r1 = y1[y] * w;
            for (int x = 0; x < keepWidth; x++) {
                float d = wx[x], c = 1f - d;
                dst[y * keepWidth + x] = a * (c * src[r0 + x0[x]] + d * src[r0 + x1[x]])
                        + b * (c * src[r1 + x0[x]] + d * src[r1 + x1[x]]);
            }
        }
        return out;
    }

    /** PyTorch's source index and weight for each output index (area_pixel_compute_source_index). */
    private static void taps(int inSize, int outSize, int[] i0, int[] i1, float[] weight1) {
        float scale = (float) inSize / outSize;
        for (int o = 0; o < i0.length; o++) {
            float src = Math.max(0f, scale * (o + 0.5f) - 0.5f);
            int lo = Math.min((int) src, inSize - 1);
            i0[o] = lo;
            i1[o] = lo < inSize - 1 ? lo + 1 : lo;
            weight1[o] = Math.min(1f, Math.max(0f, src - lo));
        }
    }
}
