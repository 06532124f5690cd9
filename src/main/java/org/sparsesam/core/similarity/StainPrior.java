package org.sparsesam.core.similarity;

import java.util.ArrayList;
import java.util.List;
import org.sparsesam.core.image.ColourDeconvolution;
import org.sparsesam.core.image.Filters;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.image.Threshold;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.prompt.Point;

/**
 * What the stain alone says is foreground, calibrated by the clicks. A click-free stain threshold is a
 * strong baseline on H&amp;E (nuclei are haematoxylin-dense; gland epithelium is eosin-dense), while
 * classifiers learned from a handful of clicks drift: clicks sit at object centres and far out in the
 * background, so they say little about boundaries. The clicks are used here for what they do say
 * reliably: which stain (and which polarity) marks the clicked structures. Each candidate stain plane is
 * smoothed and Otsu-thresholded; the candidate that agrees with the most clicks wins.
 *
 * @param name      the chosen candidate, e.g. "haematoxylin" or "eosin (inverted)", for notes and logs
 * @param signed    the smoothed stain plane, negated for inverted candidates so that higher = foreground
 * @param threshold the Otsu threshold on {@code signed}
 * @param spread    standard deviation of {@code signed}, the scale of the soft prior
 * @param agreement fraction of clicks on the right side of the threshold
 */
public record StainPrior(String name, FloatPlane signed, float threshold, float spread, double agreement) {

    /** Smoothing before thresholding: enough to suppress chromatin texture, small enough to keep nuclei. */
    static final double SMOOTHING_SIGMA = 1.5;
    /** How sharply the soft prior turns from background to foreground, in standard deviations. */
    static final double SOFTNESS = 0.25;

    public static StainPrior fromClicks(RasterImage image, List<Point> points) {
        StainPrior best = null;
        for (StainPrior c : candidates(image, points)) {
            // Ties go to the earlier candidate: the stain itself before its inverse, haematoxylin first.
            if (best == null || c.agreement > best.agreement + 1e-9) {
                best = c;
            }
        }
        return best;
    }

    /** Every candidate for this image, in a fixed order, each with its agreement with {@code points}. */
    public static List<StainPrior> candidates(RasterImage image, List<Point> points) {
        List<StainPrior> candidates = new ArrayList<>();
        if (image.isRgb()) {
            ColourDeconvolution.StainPlanes stains = ColourDeconvolution.deconvolve(image);
            addBothPolarities(candidates, "haematoxylin", stains.haematoxylin(), points);
            addBothPolarities(candidates, "eosin", stains.eosin(), points);
        } else {
            addBothPolarities(candidates, "darkness", negate(image.intensity()), points);
        }
        return candidates;
    }

    /** The candidate a trained model recorded by name, thresholded on this image. */
    public static StainPrior named(RasterImage image, String name) {
        List<StainPrior> candidates = candidates(image, List.of());
        for (StainPrior c : candidates) {
            if (c.name.equals(name)) {
                return c;
            }
        }
        throw new SparseSamException("The model's stain prior is '" + name + "', which this " + (image.isRgb() ? "RGB" : "grey")
                + " image does not have (it has " + candidates.stream().map(StainPrior::name).toList()
                + "): apply the model to images of the kind it was trained on (RGB or grey).");
    }

    /** True where this candidate says foreground: above its threshold. */
    public boolean[] foreground() {
        float[] s = signed.data();
        boolean[] out = new boolean[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i] > threshold;
        }
        return out;
    }

    private static void addBothPolarities(List<StainPrior> out, String name, FloatPlane plane, List<Point> points) {
        FloatPlane smoothed = new Filters().gaussian(plane, SMOOTHING_SIGMA);
        out.add(candidate(name, smoothed, points));
        out.add(candidate(name + " (inverted)", negate(smoothed), points));
    }

    private static StainPrior candidate(String name, FloatPlane signed, List<Point> points) {
        float t = Threshold.otsu(signed.data());
        int agree = 0;
        for (Point p : points) {
            boolean above = signed.sample(p.x(), p.y()) > t;
            if (above == p.isForeground()) {
                agree++;
            }
        }
        return new StainPrior(name, signed, t, (float) standardDeviation(signed.data()),
                points.isEmpty() ? 0 : agree / (double) points.size());
    }

    /** Soft prior in [0, 1]: 0.5 at the threshold. */
    public FloatPlane probability() {
        FloatPlane out = new FloatPlane(signed.width(), signed.height());
        float[] o = out.data(), s = signed.data();
        double scale = Math.max(1e-6, spread * SOFTNESS);
        for (int i = 0; i < o.length; i++) {
            o[i] = SelfSimilarity.logistic((s[i] - threshold) / scale);
        }
        return out;
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
