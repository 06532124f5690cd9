package org.sparsesam.core.encode;

/**
 * The whole-image statistics the built-in features depend on. Untiled, the encoder takes them from the image it is
 * given; a tiled run measures them once over the image and hands them to every tile, so that a tile's features are
 * the untiled features of the same pixels (see {@link BuiltinEncoder#encode(org.sparsesam.core.image.RasterImage,
 * FeatureStatistics, org.sparsesam.core.Progress, org.sparsesam.core.CancelToken)}).
 *
 * @param greyMin       a grey image's darkest value (ignored for RGB)
 * @param greyMax       a grey image's brightest value (ignored for RGB)
 * @param meanTraces    the structure tensor's mean trace of the main plane at each scale (the coherence floor), or
 *                      null to take each tile's own
 * @param channelMeans  each channel's mean over the image, or null for raw (unstandardised) features
 * @param channelStds   each channel's standard deviation over the image; with the means
 */
public record FeatureStatistics(float greyMin, float greyMax, double[] meanTraces, double[] channelMeans, double[] channelStds) {

    /** Statistics of the first stage of a tiled run: the grey range only. */
    public static FeatureStatistics greyRange(float min, float max) {
        return new FeatureStatistics(min, max, null, null, null);
    }

    public FeatureStatistics withMeanTraces(double[] traces) {
        return new FeatureStatistics(greyMin, greyMax, traces, channelMeans, channelStds);
    }

    public FeatureStatistics withMoments(double[] means, double[] stds) {
        return new FeatureStatistics(greyMin, greyMax, meanTraces, means, stds);
    }

    public boolean standardises() {
        return channelMeans != null;
    }
}
