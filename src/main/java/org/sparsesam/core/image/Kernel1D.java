package org.sparsesam.core.image;

/**
 * A sampled Gaussian or Gaussian-derivative kernel, applied by correlation: out(x) = sum_j w(j) in(x + j).
 * Stored as its half w(0..radius), with w(-j) = w(j) (even orders) or -w(j) (odd orders).
 */
final class Kernel1D {
    /** Kernel reach in sigmas: beyond 3.5 sigma a Gaussian holds under 0.05% of its mass. */
    static final double RADIUS_IN_SIGMAS = 3.5;

    final float[] half;
    final boolean odd;

    private Kernel1D(float[] half, boolean odd) {
        this.half = half;
        this.odd = odd;
    }

    int radius() {
        return half.length - 1;
    }

    /**
     * The derivative of the given order (0, 1 or 2) of a Gaussian. Sampled kernels are renormalised so that
     * they are exact on polynomials: order 0 sums to 1 (a constant stays constant), order 1 maps x to 1
     * and order 2 maps x^2 to 2 while giving 0 on constants.
     */
    static Kernel1D gaussian(double sigma, int order) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be positive, got " + sigma);
        }
        if (order < 0 || order > 2) {
            throw new IllegalArgumentException("derivative order must be 0, 1 or 2, got " + order);
        }
        int radius = Math.max(1, (int) Math.ceil(RADIUS_IN_SIGMAS * sigma));
        double s2 = sigma * sigma;
        double[] g = new double[radius + 1];
        for (int j = 0; j <= radius; j++) {
            g[j] = Math.exp(-j * j / (2 * s2));
        }
        double[] w = new double[radius + 1];
        if (order == 0) {
            double sum = g[0];
            for (int j = 1; j <= radius; j++) {
                sum += 2 * g[j];
            }
            for (int j = 0; j <= radius; j++) {
                w[j] = g[j] / sum;
            }
        } else if (order == 1) {
            double moment = 0; // sum over both sides of j * w(j)
            for (int j = 1; j <= radius; j++) {
                w[j] = j * g[j];
                moment += 2 * j * w[j];
            }
            for (int j = 1; j <= radius; j++) {
                w[j] /= moment;
            }
        } else {
            double sum = 0, sumG = 0;
            for (int j = 0; j <= radius; j++) {
                w[j] = (j * j / s2 - 1) * g[j];
                sum += (j == 0 ? 1 : 2) * w[j];
                sumG += (j == 0 ? 1 : 2) * g[j];
            }
            // remove the sampling error's constant response in proportion to g, so the tails still decay
            double moment = 0;
            for (int j = 0; j <= radius; j++) {
                w[j] -= g[j] * sum / sumG;
                moment += (j == 0 ? 0 : 2) * j * j * w[j];
            }
            for (int j = 0; j <= radius; j++) {
                w[j] *= 2 / moment;
            }
        }
        float[] half = new float[radius + 1];
        for (int j = 0; j <= radius; j++) {
            half[j] = (float) w[j];
        }
        return new Kernel1D(half, order == 1);
    }
}
