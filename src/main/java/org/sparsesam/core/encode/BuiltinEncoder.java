package org.sparsesam.core.encode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.MemoryEstimate;
import org.sparsesam.core.Progress;
import org.sparsesam.core.image.ColourDeconvolution;
import org.sparsesam.core.image.ColourDeconvolution.StainPlanes;
import org.sparsesam.core.image.Filters;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;

/**
 * The built-in H&amp;E encoder: hand-made multi-scale features that need no model file and run anywhere.
 *
 * <p>RGB images are split by colour deconvolution into haematoxylin (H, nuclei) and eosin (E, cytoplasm and
 * stroma), plus an inverted intensity plane (I, dark = high, which sees lumen and background). At Gaussian
 * scales 1, 2, 4 and 8 pixels, H gets the full feature set and E and I a compact one
 * (see {@link ScaleFeatures}): 60 channels. A grey image gets the full set on its intensity only
 * (28 channels). Features are average-pooled to the stride and each channel is standardised per image.
 * Output is bitwise reproducible whatever the number of threads.
 */
public final class BuiltinEncoder implements Encoder {
    /** Change whenever the features change: trained heads and caches are keyed on it. */
    public static final String ID = "builtin-v1";

    private static final double[] SCALES = {1, 2, 4, 8};

    private final int stride;
    private final Filters filters;

    public BuiltinEncoder() {
        this(1);
    }

    public BuiltinEncoder(int stride) {
        this(stride, null);
    }

    /** @param pool where the filters run; null for the common pool (one thread per available processor) */
    public BuiltinEncoder(int stride, ForkJoinPool pool) {
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be at least 1, got " + stride);
        }
        this.stride = stride;
        this.filters = new Filters(pool);
    }

    @Override
    public String id() {
        return ID;
    }

    public int stride() {
        return stride;
    }

    /** Work: the three stain planes and one scale's work planes, as {@link MemoryEstimate}'s encode stage counts them. */
    @Override
    public Optional<EncoderProfile> profile(boolean rgb) {
        return Optional.of(new EncoderProfile(channelNames(rgb).size(), 0, stride, 4.0 * (3 + MemoryEstimate.ENCODE_WORK_PLANES), 0, 0));
    }

    /** The channel names {@link #encode} produces for an RGB or a grey image, in order. */
    public static List<String> channelNames(boolean rgb) {
        List<String> names = new ArrayList<>();
        for (PlaneSpec spec : planeSpecs(rgb)) {
            for (double sigma : SCALES) {
                for (String feature : spec.features().featureNames()) {
                    names.add(ScaleFeatures.channelName(spec.name(), feature, sigma));
                }
            }
        }
        return names;
    }

    @Override
    public FeatureGrid encode(RasterImage image, Progress progress, CancelToken cancel) {
        return encode(image, null, progress, cancel);
    }

    /**
     * Features of {@code image} with whole-image statistics given, for one tile of a larger image: with the statistics
     * of the whole image they equal the untiled features wherever the filters do not reach the tile's edge. Null
     * statistics take this image's own (as {@link #encode(RasterImage, Progress, CancelToken)}); statistics without
     * channel moments give raw, unstandardised features (for measuring the moments).
     */
    public FeatureGrid encode(RasterImage image, FeatureStatistics statistics, Progress progress, CancelToken cancel) {
        cancel.throwIfCancelled();
        if (!image.isRgb()) {
            progress.note("grey image: using intensity features only");
        }
        List<PlaneSpec> specs = planeSpecs(image.isRgb());
        FloatPlane[] planes = sourcePlanes(image, statistics);
        List<FloatPlane> channels = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int steps = specs.size() * SCALES.length, step = 0;
        for (int p = 0; p < specs.size(); p++) {
            PlaneSpec spec = specs.get(p);
            for (int s = 0; s < SCALES.length; s++) {
                double sigma = SCALES[s];
                cancel.throwIfCancelled();
                progress.report("encode " + spec.name() + " at scale " + (int) sigma, (double) step++ / steps);
                double meanTrace = statistics != null && statistics.meanTraces() != null && p == 0 ? statistics.meanTraces()[s] : Double.NaN;
                spec.features().compute(filters, planes[p], sigma, meanTrace, (feature, plane) -> {
                    // pool at once so full-resolution intermediates die with this scale
                    FloatPlane pooled = filters.averagePool(plane, stride);
                    if (statistics == null) {
                        Standardisation.standardiseInPlace(pooled);
                    } else if (statistics.standardises()) {
                        int c = channels.size();
                        Standardisation.standardiseInPlace(pooled, statistics.channelMeans()[c], statistics.channelStds()[c]);
                    }
                    channels.add(pooled);
                    names.add(ScaleFeatures.channelName(spec.name(), feature, sigma));
                });
            }
            planes[p] = null;
        }
        cancel.throwIfCancelled();
        progress.report("encode", 1.0);
        return new FeatureGrid(channels.toArray(new FloatPlane[0]), names.toArray(new String[0]), stride, image.width(), image.height());
    }

    private record PlaneSpec(String name, ScaleFeatures features) {}

    private static List<PlaneSpec> planeSpecs(boolean rgb) {
        return rgb
                ? List.of(new PlaneSpec("H", ScaleFeatures.FULL), new PlaneSpec("E", ScaleFeatures.COMPACT), new PlaneSpec("I", ScaleFeatures.COMPACT))
                : List.of(new PlaneSpec("I", ScaleFeatures.FULL));
    }

    /**
     * Sums over the rectangle of the structure tensor's trace of the main plane (H, or darkness for grey) at each
     * scale: divided by the pixel count, the mean traces of {@link FeatureStatistics}.
     */
    public double[] traceSums(RasterImage image, FeatureStatistics statistics, int x0, int y0, int width, int height) {
        FloatPlane main = sourcePlanes(image, statistics)[0];
        double[] sums = new double[SCALES.length];
        for (int s = 0; s < SCALES.length; s++) {
            sums[s] = ScaleFeatures.traceSum(filters, main, SCALES[s], x0, y0, width, height);
        }
        return sums;
    }

    /** How many scales {@link FeatureStatistics#meanTraces()} holds. */
    public static int scaleCount() {
        return SCALES.length;
    }

    /** A grey image's darkest and brightest values, {min, max}: its darkness plane maps this range to [1, 0]. */
    public static float[] greyRange(RasterImage image) {
        float[] d = image.channel(0).data();
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float v : d) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new float[] {min, max};
    }

    /** H, E and darkness for RGB; darkness alone for grey. Planes are new: the input is never written. */
    private static FloatPlane[] sourcePlanes(RasterImage image, FeatureStatistics statistics) {
        if (image.isRgb()) {
            StainPlanes stains = ColourDeconvolution.deconvolve(image);
            return new FloatPlane[] {stains.haematoxylin(), stains.eosin(), darkness(image.intensity(), 0, 255)};
        }
        // grey data may be 8, 16 or 32 bit: its own range (the whole image's, for a tile) maps to [0, 1]
        float[] range = statistics != null ? new float[] {statistics.greyMin(), statistics.greyMax()} : greyRange(image);
        return new FloatPlane[] {darkness(image.channel(0), range[0], range[1])};
    }

    /** (max - v) / (max - min): dark structures (nuclei in bright-field) become high, like stain concentrations. */
    private static FloatPlane darkness(FloatPlane plane, float min, float max) {
        FloatPlane out = new FloatPlane(plane.width(), plane.height());
        if (!(max > min)) {
            return out;
        }
        float[] src = plane.data(), o = out.data();
        float scale = 1f / (max - min);
        for (int i = 0; i < o.length; i++) {
            o[i] = (max - src[i]) * scale;
        }
        return out;
    }
}
