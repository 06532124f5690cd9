package org.sparsesam.core.similarity;

import java.util.ArrayList;
import java.util.List;
import org.sparsesam.core.image.ColourDeconvolution;
import org.sparsesam.core.image.Filters;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.image.Resample;
import org.sparsesam.core.image.Threshold;

/**
 * The stain planes of one image smoothed at a ladder of scales, each with its Otsu threshold: everything
 * the stain prior needs that does not depend on the clicks, so it is computed once per image and reused
 * for every click. Nuclei want light smoothing (enough to suppress chromatin texture); glands, a hundred
 * times larger, want smoothing at their own scale, where epithelium reads as one dense band rather than as
 * separate nuclei. Which scale fits is left to the clicks ({@link StainPrior#choose}).
 *
 * @param candidates every stain at every scale, in both polarities, finest scale first
 */
public record StainScales(List<Candidate> candidates) {

    /** Octaves from chromatin-texture suppression (nuclei, radius ~5 px) to gland scale (radius ~100 px). */
    static final double[] SIGMAS = {1.5, 3, 6, 12, 24};
    public static final int SCALE_COUNT = SIGMAS.length;
    /** Beyond this sigma the plane is smoothed on a pooled copy: the result is as smooth, at a fraction of the cost. */
    private static final double POOL_ABOVE_SIGMA = 4;

    /**
     * One smoothed, signed stain plane.
     *
     * @param stain     the stain plane it smooths, one of {@link #stainNames}
     * @param sigma     the Gaussian smoothing, in pixels
     * @param smoothed  the smoothed stain plane, shared by both polarities
     * @param polarity  +1, or -1 for inverted candidates, so that {@code polarity * smoothed} higher = foreground
     * @param threshold the Otsu threshold on {@code polarity * smoothed}
     * @param spread    standard deviation of {@code smoothed}, the scale of the soft prior
     */
    public record Candidate(String stain, double sigma, FloatPlane smoothed, int polarity, float threshold, float spread) {
        /** E.g. "eosin (inverted), sigma 3.00 px", for notes, logs and the models that record their choice. */
        public String name() {
            return candidateName(stain, sigma, polarity);
        }

        /** The smoothed stain at a position, signed so that higher = foreground. */
        public float signedAt(double x, double y) {
            return polarity * smoothed.sample(x, y);
        }
    }

    public static StainScales of(RasterImage image) {
        List<Candidate> out = new ArrayList<>();
        Filters filters = new Filters();
        List<String> names = stainNames(image.isRgb());
        FloatPlane[] stains = stainPlanes(image);
        for (double sigma : SIGMAS) {
            for (int s = 0; s < stains.length; s++) {
                addBothPolarities(out, names.get(s), smooth(filters, stains[s], sigma), sigma);
            }
        }
        return new StainScales(List.copyOf(out));
    }

    /** The stains of an RGB or a grey image, in the order {@link #of} lists them at each scale. */
    public static List<String> stainNames(boolean rgb) {
        return rgb ? List.of("haematoxylin", "eosin") : List.of("darkness");
    }

    /** The unsmoothed stain planes, in {@link #stainNames} order. */
    public static FloatPlane[] stainPlanes(RasterImage image) {
        if (image.isRgb()) {
            ColourDeconvolution.StainPlanes stains = ColourDeconvolution.deconvolve(image);
            return new FloatPlane[] {stains.haematoxylin(), stains.eosin()};
        }
        return new FloatPlane[] {negate(image.intensity())};
    }

    /** One unsmoothed stain plane, by its name in {@link #stainNames}. */
    public static FloatPlane stainPlane(RasterImage image, String stain) {
        int index = stainNames(image.isRgb()).indexOf(stain);
        if (index < 0) {
            throw new IllegalArgumentException("no stain '" + stain + "' in a " + (image.isRgb() ? "RGB" : "grey") + " image");
        }
        return stainPlanes(image)[index];
    }

    /** The smoothing scales, finest first. */
    public static double[] sigmas() {
        return SIGMAS.clone();
    }

    /** A stain plane smoothed at one of the {@link #sigmas()}, as {@link #of} smooths it. */
    public static FloatPlane smoothed(FloatPlane stain, double sigma) {
        return smooth(new Filters(), stain, sigma);
    }

    private static String candidateName(String stain, double sigma, int polarity) {
        return stain + (polarity < 0 ? " (inverted)" : "") + String.format(java.util.Locale.ROOT, ", sigma %.3g px", sigma);
    }

    static FloatPlane smooth(Filters filters, FloatPlane plane, double sigma) {
        if (sigma <= POOL_ABOVE_SIGMA) {
            return filters.gaussian(plane, sigma);
        }
        // Pool by about sigma/3, smooth the rest there, interpolate back: the pooling's own blur is small
        // against sigma, so the result differs from full-resolution smoothing by a fraction of a grey level.
        int factor = (int) Math.floor(sigma / 3);
        FloatPlane pooled = filters.averagePool(plane, factor);
        // Box pooling adds variance f^2/12 and bilinear interpolation about f^2/6: take both off.
        double remaining = Math.sqrt(sigma * sigma - factor * factor / 4.0) / factor;
        return Resample.upsample(filters.gaussian(pooled, remaining), factor, plane.width(), plane.height());
    }

    private static void addBothPolarities(List<Candidate> out, String stain, FloatPlane smoothed, double sigma) {
        float threshold = Threshold.otsu(smoothed.data());
        float spread = (float) standardDeviation(smoothed.data());
        out.add(new Candidate(stain, sigma, smoothed, 1, threshold, spread));
        // Otsu's criterion is symmetric, so the inverted plane's threshold is the negated one.
        out.add(new Candidate(stain, sigma, smoothed, -1, -threshold, spread));
    }

    private static FloatPlane negate(FloatPlane p) {
        FloatPlane out = new FloatPlane(p.width(), p.height());
        float[] o = out.data(), d = p.data();
        for (int i = 0; i < o.length; i++) {
            o[i] = -d[i];
        }
        return out;
    }

    private static double standardDeviation(float[] v) {
        double sum = 0, sq = 0;
        for (float x : v) {
            sum += x;
            sq += (double) x * x;
        }
        double mean = sum / v.length;
        return Math.sqrt(Math.max(0, sq / v.length - mean * mean));
    }
}
