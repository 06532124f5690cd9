package org.sparsesam.core.encode.sam;

/**
 * Pillow's BILINEAR resize of 8-bit planes, reproduced bit for bit: SAM's predictor resizes with
 * torchvision's resize of a PIL image, which is Pillow's antialiased bilinear (a triangle filter widened by
 * the reduction factor when shrinking), computed in fixed point, horizontal pass first, each pass rounded
 * to 8 bits. Matching it exactly is what makes our embeddings the ones SAM computes; a plain bilinear
 * sampler would alias when shrinking large images and differ by several grey levels.
 * (Pillow: src/libImaging/Resample.c, precompute_coeffs and ImagingResample{Horizontal,Vertical}_8bpc.)
 */
final class PilBilinearResize {
    private static final int PRECISION_BITS = 32 - 8 - 2;

    private PilBilinearResize() {}

    /** Receives the resized plane row by row; {@code values} is reused for the next row. */
    interface RowSink {
        void row(int y, int[] values);
    }

    /** Resizes a row-major plane of values 0..255. */
    static int[] resize(int[] in, int inWidth, int inHeight, int outWidth, int outHeight) {
        int[] out = new int[outWidth * outHeight];
        resize(in, inWidth, inHeight, outWidth, outHeight, (y, values) -> System.arraycopy(values, 0, out, y * outWidth, outWidth));
        return out;
    }

    /**
     * Resizes a row-major plane of values 0..255 and hands each output row to {@code rows}, so a caller can
     * normalise it into its tensor without a second full-size plane.
     */
    static void resize(int[] in, int inWidth, int inHeight, int outWidth, int outHeight, RowSink rows) {
        int[] plane = outWidth != inWidth ? horizontal(in, inWidth, inHeight, outWidth) : in;
        int[] row = new int[outWidth];
        if (outHeight != inHeight) {
            vertical(plane, outWidth, inHeight, outHeight, row, rows);
        } else {
            for (int y = 0; y < outHeight; y++) {
                System.arraycopy(plane, y * outWidth, row, 0, outWidth);
                rows.row(y, row);
            }
        }
    }

    /** Per output index: first input index, count, then fixed-point weights (stride ksize). */
    private static final class Coefficients {
        final int ksize;
        final int[] bounds;
        final int[] weights;

        Coefficients(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale; // bilinear support 1.0, widened when shrinking
            ksize = (int) Math.ceil(support) * 2 + 1;
            bounds = new int[outSize * 2];
            weights = new int[outSize * ksize];
            double[] k = new double[ksize];
            for (int xx = 0; xx < outSize; xx++) {
                double center = (xx + 0.5) * scale;
                double ss = 1.0 / filterScale;
                int xmin = Math.max(0, (int) (center - support + 0.5));
                int xmax = Math.min(inSize, (int) (center + support + 0.5)) - xmin;
                double ww = 0;
                for (int x = 0; x < xmax; x++) {
                    double t = Math.abs((x + xmin - center + 0.5) * ss);
                    k[x] = t < 1.0 ? 1.0 - t : 0.0;
                    ww += k[x];
                }
                for (int x = 0; x < ksize; x++) {
                    double w = x < xmax && ww != 0.0 ? k[x] / ww : 0.0;
                    weights[xx * ksize + x] = (int) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS));
                }
                bounds[2 * xx] = xmin;
                bounds[2 * xx + 1] = xmax;
            }
        }
    }

    private static int clip8(int sum) {
        return Math.max(0, Math.min(255, sum >> PRECISION_BITS));
    }

    private static int[] horizontal(int[] in, int inWidth, int height, int outWidth) {
        Coefficients c = new Coefficients(inWidth, outWidth);
        int[] out = new int[outWidth * height];
        for (int y = 0; y < height; y++) {
            int row = y * inWidth;
            for (int xx = 0; xx < outWidth; xx++) {
                int xmin = c.bounds[2 * xx], count = c.bounds[2 * xx + 1], k = xx * c.ksize;
                int sum = 1 << (PRECISION_BITS - 1);
                for (int x = 0; x < count; x++) {
                    sum += in[row + xmin + x] * c.weights[k + x];
                }
                out[y * outWidth + xx] = clip8(sum);
            }
        }
        return out;
    }

    private static void vertical(int[] in, int width, int inHeight, int outHeight, int[] row, RowSink rows) {
        Coefficients c = new Coefficients(inHeight, outHeight);
        for (int yy = 0; yy < outHeight; yy++) {
            int ymin = c.bounds[2 * yy], count = c.bounds[2 * yy + 1], k = yy * c.ksize;
            // Tap by tap over whole rows (memory order); integer sums do not depend on the order of terms.
            java.util.Arrays.fill(row, 1 << (PRECISION_BITS - 1));
            for (int y = 0; y < count; y++) {
                int base = (ymin + y) * width, weight = c.weights[k + y];
                for (int x = 0; x < width; x++) {
                    row[x] += in[base + x] * weight;
                }
            }
            for (int x = 0; x < width; x++) {
                row[x] = clip8(row[x]);
            }
            rows.row(yy, row);
        }
    }
}
