package org.sparsesam.core.image;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;

/**
 * Gaussian scale-space filters on float planes: smoothing, derivatives up to second order and the
 * features built from them. Borders are mirrored. Work is split over rows on a fork/join pool; every
 * value is computed in the same order whatever the split, so results are bitwise reproducible.
 * Written by hand because the core may not use ImageJ's filters and no small pure-Java library offers
 * separable Gaussian derivatives with deterministic multithreading.
 *
 * <p>Conventions: x grows to the right, y grows downwards, derivatives are per pixel and not
 * scale-normalised (callers that compare scales standardise or multiply by sigma^order themselves).
 */
public final class Filters {
    /** Eigenvalues of a 2x2 symmetric tensor field, per pixel: {@code larger >= smaller}. */
    public record Eigenvalues(FloatPlane larger, FloatPlane smaller) {}

    /** A plane smoothed at one scale with its Gaussian derivatives; second-order planes are null when not asked for. */
    public record GaussianJet(FloatPlane smoothed, FloatPlane dx, FloatPlane dy, FloatPlane dxx, FloatPlane dxy, FloatPlane dyy) {}

    private final Parallel parallel;

    /** Filters that run on the common fork/join pool (one thread per available processor). */
    public Filters() {
        this(null);
    }

    /** Filters that run on {@code pool}; null means the common pool. */
    public Filters(ForkJoinPool pool) {
        this.parallel = new Parallel(pool);
    }

    public FloatPlane gaussian(FloatPlane plane, double sigma) {
        return derivative(plane, sigma, 0, 0);
    }

    /** Gaussian derivative of order {@code orderX} along x and {@code orderY} along y (each 0..2, sum at most 2). */
    public FloatPlane derivative(FloatPlane plane, double sigma, int orderX, int orderY) {
        if (orderX + orderY > 2) {
            throw new IllegalArgumentException("derivatives go up to second order, got " + orderX + "+" + orderY);
        }
        FloatPlane columns = SeparableConvolution.alongColumns(plane, Kernel1D.gaussian(sigma, orderY), parallel);
        return SeparableConvolution.alongRows(columns, Kernel1D.gaussian(sigma, orderX), parallel);
    }

    /**
     * Smoothed plane and derivatives up to {@code maxOrder} (1 or 2) at one scale. Shares the column passes
     * between outputs: 9 one-dimensional passes for all six planes instead of 12.
     */
    public GaussianJet jet(FloatPlane plane, double sigma, int maxOrder) {
        if (maxOrder < 1 || maxOrder > 2) {
            throw new IllegalArgumentException("a jet has order 1 or 2, got " + maxOrder);
        }
        Kernel1D g0 = Kernel1D.gaussian(sigma, 0), g1 = Kernel1D.gaussian(sigma, 1);
        FloatPlane smoothedColumns = SeparableConvolution.alongColumns(plane, g0, parallel);
        FloatPlane smoothed = SeparableConvolution.alongRows(smoothedColumns, g0, parallel);
        FloatPlane dx = SeparableConvolution.alongRows(smoothedColumns, g1, parallel);
        FloatPlane dyColumns = SeparableConvolution.alongColumns(plane, g1, parallel);
        FloatPlane dy = SeparableConvolution.alongRows(dyColumns, g0, parallel);
        if (maxOrder == 1) {
            return new GaussianJet(smoothed, dx, dy, null, null, null);
        }
        Kernel1D g2 = Kernel1D.gaussian(sigma, 2);
        FloatPlane dxx = SeparableConvolution.alongRows(smoothedColumns, g2, parallel);
        FloatPlane dxy = SeparableConvolution.alongRows(dyColumns, g1, parallel);
        FloatPlane dyy = SeparableConvolution.alongRows(SeparableConvolution.alongColumns(plane, g2, parallel), g0, parallel);
        return new GaussianJet(smoothed, dx, dy, dxx, dxy, dyy);
    }

    /** G(sigmaSmall) - G(sigmaLarge): a band-pass that is positive on bright structures of size about sigmaSmall..sigmaLarge. */
    public FloatPlane differenceOfGaussians(FloatPlane plane, double sigmaSmall, double sigmaLarge) {
        return PlaneMath.subtract(gaussian(plane, sigmaSmall), gaussian(plane, sigmaLarge));
    }

    /** dxx + dyy at {@code sigma}: negative at the centre of bright blobs, positive in dark ones. */
    public FloatPlane laplacianOfGaussian(FloatPlane plane, double sigma) {
        return PlaneMath.add(derivative(plane, sigma, 2, 0), derivative(plane, sigma, 0, 2));
    }

    /** Eigenvalues of the Hessian at {@code sigma}: both strongly negative on bright blobs, one on bright ridges. */
    public Eigenvalues hessianEigenvalues(FloatPlane plane, double sigma) {
        return symmetricEigenvalues(derivative(plane, sigma, 2, 0), derivative(plane, sigma, 1, 1), derivative(plane, sigma, 0, 2));
    }

    /** Structure tensor of the gradient at {@code sigma}, averaged over a window of 2 sigma. */
    public Eigenvalues structureTensorEigenvalues(FloatPlane plane, double sigma) {
        GaussianJet jet = jet(plane, sigma, 1);
        return structureTensorEigenvalues(jet.dx(), jet.dy(), 2 * sigma);
    }

    /** Structure tensor of a given gradient, averaged with a Gaussian window of {@code windowSigma}. */
    public Eigenvalues structureTensorEigenvalues(FloatPlane dx, FloatPlane dy, double windowSigma) {
        FloatPlane xx = gaussian(PlaneMath.multiply(dx, dx), windowSigma);
        FloatPlane xy = gaussian(PlaneMath.multiply(dx, dy), windowSigma);
        FloatPlane yy = gaussian(PlaneMath.multiply(dy, dy), windowSigma);
        Eigenvalues e = symmetricEigenvalues(xx, xy, yy);
        // a sum of outer products is positive semi-definite; clip rounding below zero
        PlaneMath.clampBelow(e.smaller(), 0f);
        return e;
    }

    /** Standard deviation of the plane in a Gaussian window of {@code sigma} around each pixel. */
    public FloatPlane localStd(FloatPlane plane, double sigma) {
        return localStd(plane, gaussian(plane, sigma), sigma);
    }

    /**
     * As {@link #localStd(FloatPlane, double)} for a caller that already holds {@code smoothed = gaussian(plane, sigma)}.
     * Values are centred on the plane's mean before squaring, so that E[x^2] - E[x]^2 does not cancel
     * catastrophically in float on planes far from zero, and a constant plane gives exactly 0.
     */
    public FloatPlane localStd(FloatPlane plane, FloatPlane smoothed, double sigma) {
        float mean = (float) PlaneMath.mean(plane);
        float[] src = plane.data();
        FloatPlane squares = new FloatPlane(plane.width(), plane.height());
        float[] sq = squares.data();
        for (int i = 0; i < sq.length; i++) {
            float c = src[i] - mean;
            sq[i] = c * c;
        }
        float[] meanOfSquares = gaussian(squares, sigma).data();
        float[] m = smoothed.data();
        FloatPlane out = new FloatPlane(plane.width(), plane.height());
        float[] o = out.data();
        for (int i = 0; i < o.length; i++) {
            float c = m[i] - mean;
            o[i] = (float) Math.sqrt(Math.max(0f, meanOfSquares[i] - c * c));
        }
        return out;
    }

    /**
     * Averages {@code factor x factor} blocks: cell (gx, gy) is the mean of pixels [gx*f, (gx+1)*f) x [gy*f, (gy+1)*f)
     * that lie inside the plane, so the output is ceil(w/f) x ceil(h/f) and edge cells average fewer pixels.
     */
    public FloatPlane averagePool(FloatPlane plane, int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("pooling factor must be at least 1, got " + factor);
        }
        if (factor == 1) {
            return plane.copy();
        }
        int w = plane.width(), h = plane.height();
        int gw = (w + factor - 1) / factor, gh = (h + factor - 1) / factor;
        float[] src = plane.data();
        FloatPlane out = new FloatPlane(gw, gh);
        float[] dst = out.data();
        parallel.forRange(gh, (gy0, gy1) -> {
            double[] sums = new double[gw];
            for (int gy = gy0; gy < gy1; gy++) {
                Arrays.fill(sums, 0);
                int yEnd = Math.min(h, (gy + 1) * factor);
                for (int y = gy * factor; y < yEnd; y++) {
                    for (int x = 0; x < w; x++) {
                        sums[x / factor] += src[y * w + x];
                    }
                }
                int rows = yEnd - gy * factor;
                for (int gx = 0; gx < gw; gx++) {
                    int cols = Math.min(w, (gx + 1) * factor) - gx * factor;
                    dst[gy * gw + gx] = (float) (sums[gx] / (rows * cols));
                }
            }
        });
        return out;
    }

    /** Per-pixel eigenvalues of the symmetric tensor [[xx, xy], [xy, yy]]. */
    public static Eigenvalues symmetricEigenvalues(FloatPlane xx, FloatPlane xy, FloatPlane yy) {
        FloatPlane larger = new FloatPlane(xx.width(), xx.height()), smaller = new FloatPlane(xx.width(), xx.height());
        float[] a = xx.data(), b = xy.data(), c = yy.data(), hi = larger.data(), lo = smaller.data();
        for (int i = 0; i < a.length; i++) {
            float mean = 0.5f * (a[i] + c[i]);
            float half = 0.5f * (a[i] - c[i]);
            float d = (float) Math.sqrt(half * half + b[i] * b[i]);
            hi[i] = mean + d;
            lo[i] = mean - d;
        }
        return new Eigenvalues(larger, smaller);
    }

    /**
     * Coherence (l1 - l2) / (l1 + l2 + floor) of a structure tensor: 1 along a single orientation, 0 where
     * gradients point every way. The floor keeps flat, noise-only areas near 0 instead of random.
     */
    public static FloatPlane coherence(Eigenvalues tensor, float floor) {
        float[] hi = tensor.larger().data(), lo = tensor.smaller().data();
        FloatPlane out = new FloatPlane(tensor.larger().width(), tensor.larger().height());
        float[] o = out.data();
        for (int i = 0; i < o.length; i++) {
            float sum = hi[i] + lo[i] + floor;
            o[i] = sum > 0 ? (hi[i] - lo[i]) / sum : 0f;
        }
        return out;
    }
}
