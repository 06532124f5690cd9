package org.sparsesam.core.image;

import java.util.stream.IntStream;

/**
 * Separable Gaussian filtering and Gaussian derivatives with mirrored borders. Rows and columns are
 * processed in parallel; each output value is computed by one thread in a fixed order, so results do
 * not depend on the number of threads.
 */
public final class Filters {
    /** Kernel half-width in standard deviations: beyond 3 sigma the Gaussian holds under 0.3% of its mass. */
    static final double TRUNCATE = 3.0;

    private Filters() {}

    public static FloatPlane gaussian(FloatPlane in, double sigma) {
        return derivative(in, sigma, 0, 0);
    }

    /**
     * Gaussian derivative of order {@code ox} in x and {@code oy} in y (each 0, 1 or 2), at scale sigma.
     * An order of -1 skips that direction, so callers can share one x pass between several derivatives.
     */
    public static FloatPlane derivative(FloatPlane in, double sigma, int ox, int oy) {
        FloatPlane out = ox < 0 ? in : convolveX(in, kernel(sigma, ox));
        return oy < 0 ? out : convolveY(out, kernel(sigma, oy));
    }

    /** Sampled Gaussian derivative kernel, index r + k for offset k. Order 0 sums to 1. */
    static float[] kernel(double sigma, int order) {
        int r = Math.max(1, (int) Math.ceil(TRUNCATE * sigma));
        float[] k = new float[2 * r + 1];
        double sum = 0;
        double[] g = new double[k.length];
        for (int i = -r; i <= r; i++) {
            g[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += g[i + r];
        }
        for (int i = -r; i <= r; i++) {
            double gi = g[i + r] / sum, s2 = sigma * sigma;
            double v = switch (order) {
                case 0 -> gi;
                // Convolution flips the kernel: d/dx (f * g) = f * g', and g'(i) = -i/s^2 g(i).
                case 1 -> -i / s2 * gi;
                case 2 -> (i * i - s2) / (s2 * s2) * gi;
                default -> throw new IllegalArgumentException("derivative order " + order);
            };
            k[i + r] = (float) v;
        }
        if (order == 2) {
            // Remove the sampled kernel's small DC response so a constant has exactly zero curvature.
            double mean = 0;
            for (float v : k) {
                mean += v;
            }
            mean /= k.length;
            for (int i = 0; i < k.length; i++) {
                k[i] -= (float) mean;
            }
        }
        return k;
    }

    static int mirror(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * n - 2;
        i = Math.floorMod(i, period);
        return i < n ? i : period - i;
    }

    static FloatPlane convolveX(FloatPlane in, float[] k) {
        int w = in.width(), h = in.height(), r = k.length / 2;
        float[] src = in.data();
        FloatPlane out = new FloatPlane(w, h);
        float[] dst = out.data();
        IntStream.range(0, h).parallel().forEach(y -> {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                float s = 0;
                if (x >= r && x < w - r) {
                    int base = row + x + r;
                    for (int j = 0; j < k.length; j++) {
                        s += k[j] * src[base - j];
                    }
                } else {
                    for (int j = 0; j < k.length; j++) {
                        s += k[j] * src[row + mirror(x + r - j, w)];
                    }
                }
                dst[row + x] = s;
            }
        });
        return out;
    }

    static FloatPlane convolveY(FloatPlane in, float[] k) {
        int w = in.width(), h = in.height(), r = k.length / 2;
        float[] src = in.data();
        FloatPlane out = new FloatPlane(w, h);
        float[] dst = out.data();
        IntStream.range(0, h).parallel().forEach(y -> {
            int row = y * w;
            float[] acc = new float[w];
            for (int j = 0; j < k.length; j++) {
                int sy = mirror(y + r - j, h) * w;
                float kj = k[j];
                for (int x = 0; x < w; x++) {
                    acc[x] += kj * src[sy + x];
                }
            }
            System.arraycopy(acc, 0, dst, row, w);
        });
        return out;
    }
}
