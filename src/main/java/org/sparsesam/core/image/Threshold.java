package org.sparsesam.core.image;

/** Automatic global thresholds. */
public final class Threshold {
    private static final int BINS = 256;

    private Threshold() {}

    /**
     * Otsu's threshold (maximum between-class variance) over a 256-bin histogram of the finite values.
     * Returns a value between the data's minimum and maximum; a constant input returns that constant.
     */
    public static float otsu(float[] values) {
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            if (Float.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (!(max > min)) {
            return Float.isFinite(min) ? min : 0f;
        }
        long[] hist = new long[BINS];
        double scale = (BINS - 1) / (double) (max - min);
        long total = 0;
        double sumAll = 0;
        for (float v : values) {
            if (Float.isFinite(v)) {
                int b = (int) ((v - min) * scale);
                hist[b]++;
                total++;
                sumAll += b;
            }
        }
        double bestVariance = -1;
        int bestBin = 0;
        long weightBelow = 0;
        double sumBelow = 0;
        for (int t = 0; t < BINS - 1; t++) {
            weightBelow += hist[t];
            sumBelow += (double) t * hist[t];
            long weightAbove = total - weightBelow;
            if (weightBelow == 0 || weightAbove == 0) {
                continue;
            }
            double meanBelow = sumBelow / weightBelow;
            double meanAbove = (sumAll - sumBelow) / weightAbove;
            double between = (double) weightBelow * weightAbove * (meanBelow - meanAbove) * (meanBelow - meanAbove);
            if (between > bestVariance) {
                bestVariance = between;
                bestBin = t;
            }
        }
        // The threshold sits at the upper edge of the last bin counted as "below".
        return (float) (min + (bestBin + 1) / scale);
    }
}
