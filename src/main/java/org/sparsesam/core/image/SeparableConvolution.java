package org.sparsesam.core.image;

/**
 * One-dimensional correlation passes along rows or columns with mirrored borders (d c b a | a b c d), so
 * that border pixels see plausible neighbours instead of zeros or a smeared edge. Every output value sums
 * its terms in the same order (centre, then offsets 1..radius), whatever the thread split.
 */
final class SeparableConvolution {
    private SeparableConvolution() {}

    /** Index of position i in [−radius, n + radius) after mirroring at the borders, for any radius. */
    static int mirror(int i, int n) {
        int period = 2 * n;
        int m = i % period;
        if (m < 0) {
            m += period;
        }
        return m < n ? m : period - 1 - m;
    }

    static FloatPlane alongColumns(FloatPlane in, Kernel1D k, Parallel parallel) {
        int w = in.width(), h = in.height(), r = k.radius();
        float[] src = in.data();
        FloatPlane out = new FloatPlane(w, h);
        float[] dst = out.data();
        float[] half = k.half;
        parallel.forRange(h, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                int o = y * w;
                float c = half[0];
                for (int x = 0; x < w; x++) {
                    dst[o + x] = c * src[o + x];
                }
                for (int j = 1; j <= r; j++) {
                    int below = mirror(y + j, h) * w, above = mirror(y - j, h) * w;
                    float kj = half[j];
                    if (k.odd) {
                        for (int x = 0; x < w; x++) {
                            dst[o + x] += kj * (src[below + x] - src[above + x]);
                        }
                    } else {
                        for (int x = 0; x < w; x++) {
                            dst[o + x] += kj * (src[below + x] + src[above + x]);
                        }
                    }
                }
            }
        });
        return out;
    }

    static FloatPlane alongRows(FloatPlane in, Kernel1D k, Parallel parallel) {
        int w = in.width(), h = in.height(), r = k.radius();
        float[] src = in.data();
        FloatPlane out = new FloatPlane(w, h);
        float[] dst = out.data();
        float[] half = k.half;
        int[] padIndex = new int[w + 2 * r];
        for (int i = 0; i < padIndex.length; i++) {
            padIndex[i] = mirror(i - r, w);
        }
        parallel.forRange(h, (y0, y1) -> {
            float[] padded = new float[w + 2 * r];
            for (int y = y0; y < y1; y++) {
                int o = y * w;
                for (int i = 0; i < padded.length; i++) {
                    padded[i] = src[o + padIndex[i]];
                }
                float c = half[0];
                for (int x = 0; x < w; x++) {
                    dst[o + x] = c * padded[r + x];
                }
                for (int j = 1; j <= r; j++) {
                    float kj = half[j];
                    int right = r + j, left = r - j;
                    if (k.odd) {
                        for (int x = 0; x < w; x++) {
                            dst[o + x] += kj * (padded[right + x] - padded[left + x]);
                        }
                    } else {
                        for (int x = 0; x < w; x++) {
                            dst[o + x] += kj * (padded[right + x] + padded[left + x]);
                        }
                    }
                }
            }
        });
        return out;
    }
}
