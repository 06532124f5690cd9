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
     * The window [x0, x0 + width) x [y0, y0 + height) of {@link #toImage}, every value computed by the same
     * operations as there (so equal to the bit), from only the part of the intermediate square it needs:
     * the decoder modes look at one small object per prompt on images of millions of pixels.
     */
    static FloatPlane toImageWindow(FloatPlane lowRes, SamFrame frame, int x0, int y0, int width, int height) {
        int rw = frame.resizedWidth(), rh = frame.resizedHeight();
        int[] cols = tapRange(rw, frame.imageWidth(), x0, width);
        int[] rows = tapRange(rh, frame.imageHeight(), y0, height);
        int s = frame.inputSize();
        FloatPlane inFrame = resizeWindow(lowRes, 0, 0, lowRes.width(), lowRes.height(), s, s, cols[0], rows[0],
                cols[1] - cols[0] + 1, rows[1] - rows[0] + 1);
        return resizeWindow(inFrame, cols[0], rows[0], rw, rh, frame.imageWidth(), frame.imageHeight(), x0, y0, width, height);
    }

    /**
     * The smallest image window {x0, y0, width, height} outside which {@link #toImage} is nowhere above 0, or
     * null when it is above 0 nowhere. Bilinear weights are non-negative, so an output above 0 needs an input
     * tap above 0 at each stage; the window is that of the low-resolution cells above 0, carried through the
     * taps of both stages (a bounding box, so it may hold more than the positive pixels, never less).
     */
    static int[] positiveWindow(FloatPlane lowRes, SamFrame frame) {
        int m = lowRes.width();
        int a = Integer.MAX_VALUE, b = -1, c = Integer.MAX_VALUE, d = -1;
        float[] v = lowRes.data();
        for (int i = 0; i < v.length; i++) {
            if (v[i] > 0) {
                a = Math.min(a, i % m);
                b = Math.max(b, i % m);
                c = Math.min(c, i / m);
                d = Math.max(d, i / m);
            }
        }
        if (b < 0) {
            return null;
        }
        int s = frame.inputSize();
        int[] cols = reach(m, s, frame.resizedWidth(), a, b, frame.imageWidth());
        int[] rows = reach(lowRes.height(), s, frame.resizedHeight(), c, d, frame.imageHeight());
        if (cols == null || rows == null) {
            return null;
        }
        return new int[] {cols[0], rows[0], cols[1] - cols[0] + 1, rows[1] - rows[0] + 1};
    }

    /** Image indices (first, last) whose taps, through both stages, can reach low-res indices lo..hi; null if none. */
    private static int[] reach(int lowSize, int frameSize, int resized, int lo, int hi, int imageSize) {
        int[] i0 = new int[resized], i1 = new int[resized];
        taps(lowSize, frameSize, 0, i0, i1, new float[resized]);
        boolean[] mid = new boolean[resized];
        for (int k = 0; k < resized; k++) {
            mid[k] = (i0[k] >= lo && i0[k] <= hi) || (i1[k] >= lo && i1[k] <= hi);
        }
        int[] j0 = new int[imageSize], j1 = new int[imageSize];
        taps(resized, imageSize, 0, j0, j1, new float[imageSize]);
        int first = -1, last = -1;
        for (int k = 0; k < imageSize; k++) {
            if (mid[j0[k]] || mid[j1[k]]) {
                first = first < 0 ? k : first;
                last = k;
            }
        }
        return first < 0 ? null : new int[] {first, last};
    }

    /** The input indices (lowest, highest) that outputs from..from+count-1 read. */
    private static int[] tapRange(int inSize, int outSize, int from, int count) {
        int[] i0 = new int[count], i1 = new int[count];
        taps(inSize, outSize, from, i0, i1, new float[count]);
        int lo = Integer.MAX_VALUE, hi = -1;
        for (int k = 0; k < count; k++) {
            lo = Math.min(lo, i0[k]);
            hi = Math.max(hi, i1[k]);
        }
        return new int[] {lo, hi};
    }

    /**
     * Bilinear resize of {@code in} to an output grid of {@code outWidth x outHeight}, of which only the
     * top-left {@code keepWidth x keepHeight} is computed and returned.
     */
    static FloatPlane resize(FloatPlane in, int outWidth, int outHeight, int keepWidth, int keepHeight) {
        return resizeWindow(in, 0, 0, in.width(), in.height(), outWidth, outHeight, 0, 0, keepWidth, keepHeight);
    }

    /**
     * Bilinear resize of a {@code inWidth x inHeight} source to {@code outWidth x outHeight}, computing only the
     * output window at ({@code outX}, {@code outY}) of {@code keepWidth x keepHeight}; {@code in} holds the part
     * of the source from ({@code inX}, {@code inY}) on, which must cover every tap of that window.
     */
    private static FloatPlane resizeWindow(FloatPlane in, int inX, int inY, int inWidth, int inHeight, int outWidth, int outHeight,
                                           int outX, int outY, int keepWidth, int keepHeight) {
        int[] x0 = new int[keepWidth], x1 = new int[keepWidth];
        float[] wx = new float[keepWidth];
        taps(inWidth, outWidth, outX, x0, x1, wx);
        int[] y0 = new int[keepHeight], y1 = new int[keepHeight];
        float[] wy = new float[keepHeight];
        taps(inHeight, outHeight, outY, y0, y1, wy);
        for (int k = 0; k < keepWidth; k++) {
            x0[k] -= inX;
            x1[k] -= inX;
        }
        for (int k = 0; k < keepHeight; k++) {
            y0[k] -= inY;
            y1[k] -= inY;
        }
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

    /** PyTorch's source index and weight for output indices from, from + 1, ... (area_pixel_compute_source_index). */
    private static void taps(int inSize, int outSize, int from, int[] i0, int[] i1, float[] weight1) {
        float scale = (float) inSize / outSize;
        for (int k = 0; k < i0.length; k++) {
            int o = from + k;
            float src = Math.max(0f, scale * (o + 0.5f) - 0.5f);
            int lo = Math.min((int) src, inSize - 1);
            i0[k] = lo;
            i1[k] = lo < inSize - 1 ? lo + 1 : lo;
            weight1[k] = Math.min(1f, Math.max(0f, src - lo));
        }
    }
}
