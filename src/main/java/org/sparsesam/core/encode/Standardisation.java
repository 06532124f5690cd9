package org.sparsesam.core.encode;

import java.util.Arrays;
import org.sparsesam.core.image.FloatPlane;

/** Per-channel standardisation, so that no feature dominates distances or heads by its units alone. */
final class Standardisation {
    /**
     * Spreads smaller than this fraction of the mean are float rounding, not signal: such a channel is
     * treated as constant rather than blown up to unit variance.
     */
    private static final double ROUNDING_SPREAD = 1e-6;

    private Standardisation() {}

    /** Shifts and scales the plane in place to mean 0 and variance 1; a constant plane becomes all zeros. */
    static void standardiseInPlace(FloatPlane plane) {
        float[] d = plane.data();
        double sum = 0;
        for (float v : d) {
            sum += v;
        }
        double mean = sum / d.length;
        double squares = 0;
        for (float v : d) {
            double c = v - mean;
            squares += c * c;
        }
        double std = Math.sqrt(squares / d.length);
        if (!(std > ROUNDING_SPREAD * Math.abs(mean)) || !Double.isFinite(std)) {
            Arrays.fill(d, 0f);
            return;
        }
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) ((d[i] - mean) / std);
        }
    }

    /** Shifts and scales the plane by a mean and spread measured elsewhere (the whole image's, for a tile). */
    static void standardiseInPlace(FloatPlane plane, double mean, double std) {
        float[] d = plane.data();
        if (!(std > ROUNDING_SPREAD * Math.abs(mean)) || !Double.isFinite(std)) {
            Arrays.fill(d, 0f);
            return;
        }
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) ((d[i] - mean) / std);
        }
    }
}
