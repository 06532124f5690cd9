package org.sparsesam.core.encode;

import java.util.List;
import java.util.function.BiConsumer;
import org.sparsesam.core.image.Filters;
import org.sparsesam.core.image.Filters.Eigenvalues;
import org.sparsesam.core.image.Filters.GaussianJet;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.PlaneMath;

/**
 * The features of one plane at one Gaussian scale. Two sets: the full set for the plane that carries the
 * structure (haematoxylin, or intensity in a grey image) and a compact set for the supporting planes, which
 * keeps an RGB image near 60 channels. The Laplacian of Gaussian is left out on purpose: it equals the sum
 * of the two Hessian eigenvalues, which are both present.
 */
enum ScaleFeatures {
    /** Blobs, ridges, edges, orientation and texture. */
    FULL(List.of("gauss", "dog", "hessian-max", "hessian-min", "structure-max", "coherence", "std")),
    /** Level, blobs, edges and texture. */
    COMPACT(List.of("gauss", "dog", "gradient", "std"));

    /**
     * Coherence is divided by (trace + this fraction of the plane's mean trace), so that gradients far weaker
     * than the image's typical ones (flat background, camera noise) read as unoriented rather than random.
     */
    private static final float COHERENCE_FLOOR_FRACTION = 0.05f;

    private final List<String> featureNames;

    ScaleFeatures(List<String> featureNames) {
        this.featureNames = featureNames;
    }

    List<String> featureNames() {
        return featureNames;
    }

    static String channelName(String plane, String feature, double sigma) {
        return plane + "/" + feature + "/s" + (sigma == Math.rint(sigma) ? Integer.toString((int) sigma) : Double.toString(sigma));
    }

    /** Computes the features in {@link #featureNames()} order and hands each to {@code sink} as soon as it exists. */
    void compute(Filters filters, FloatPlane plane, double sigma, BiConsumer<String, FloatPlane> sink) {
        compute(filters, plane, sigma, Double.NaN, sink);
    }

    /**
     * As {@link #compute(Filters, FloatPlane, double, BiConsumer)}; {@code meanTrace} is the structure tensor's mean
     * trace that scales the coherence floor, NaN to take this plane's own (a tile takes the whole image's, so that its
     * features equal the untiled ones).
     */
    void compute(Filters filters, FloatPlane plane, double sigma, double meanTrace, BiConsumer<String, FloatPlane> sink) {
        GaussianJet jet = filters.jet(plane, sigma, this == FULL ? 2 : 1);
        FloatPlane smoothed = jet.smoothed();
        sink.accept("gauss", smoothed);
        // centre-surround at this scale: bright structures of about sigma/2..sigma stand out
        sink.accept("dog", PlaneMath.subtract(filters.gaussian(plane, sigma / 2), smoothed));
        if (this == FULL) {
            Eigenvalues hessian = Filters.symmetricEigenvalues(jet.dxx(), jet.dxy(), jet.dyy());
            sink.accept("hessian-max", hessian.larger());
            sink.accept("hessian-min", hessian.smaller());
            Eigenvalues tensor = filters.structureTensorEigenvalues(jet.dx(), jet.dy(), 2 * sigma);
            sink.accept("structure-max", tensor.larger());
            float trace = (float) (Double.isNaN(meanTrace) ? PlaneMath.mean(tensor.larger()) + PlaneMath.mean(tensor.smaller()) : meanTrace);
            sink.accept("coherence", Filters.coherence(tensor, COHERENCE_FLOOR_FRACTION * trace));
        } else {
            sink.accept("gradient", gradientMagnitude(jet.dx(), jet.dy()));
        }
        sink.accept("std", filters.localStd(plane, smoothed, sigma));
    }

    /** Sum of the structure tensor's trace over {@code rows x columns} of the plane: the coherence floor's statistic. */
    static double traceSum(Filters filters, FloatPlane plane, double sigma, int x0, int y0, int width, int height) {
        GaussianJet jet = filters.jet(plane, sigma, 1);
        Eigenvalues tensor = filters.structureTensorEigenvalues(jet.dx(), jet.dy(), 2 * sigma);
        float[] a = tensor.larger().data(), b = tensor.smaller().data();
        double sum = 0;
        for (int y = y0; y < y0 + height; y++) {
            for (int i = y * plane.width() + x0, end = i + width; i < end; i++) {
                sum += (double) a[i] + b[i];
            }
        }
        return sum;
    }

    private static FloatPlane gradientMagnitude(FloatPlane dx, FloatPlane dy) {
        FloatPlane out = new FloatPlane(dx.width(), dx.height());
        float[] gx = dx.data(), gy = dy.data(), o = out.data();
        for (int i = 0; i < o.length; i++) {
            o[i] = (float) Math.sqrt(gx[i] * gx[i] + gy[i] * gy[i]);
        }
        return out;
    }
}
