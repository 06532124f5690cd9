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
        addToHistogram(hist, values, 0, values.length, 1, min, max);
        return otsu(hist, min, max);
    }

    /**
     * Counts the finite values of {@code values[from + j * step]} (j = 0.. while below {@code to}) into Otsu's
     * 256 bins between {@code min} and {@code max}, so that a large image's histogram is summed piece by piece
     * and gives the same threshold as {@link #otsu(float[])} on all of it. Values outside the range are clamped.
     */
    public static void addToHistogram(long[] hist, float[] values, int from, int to, int step, float min, float max) {
        double scale = (BINS - 1) / (double) (max - min);
        for (int i = from; i < to; i += step) {
            float v = values[i];
            if (Float.isFinite(v)) {
                int b = (int) ((v - min) * scale);
                hist[Math.max(0, Math.min(BINS - 1, b))]++;
            }
        }
    }

    /** A new histogram for {@link #addToHistogram}. */
    public static long[] newHistogram() {
        return new long[BINS];
    }

    /** Otsu's threshold of a histogram filled by {@link #addToHistogram} over {@code min..max}. */
    public static float otsu(long[] hist, float min, float max) {
        if (!(max > min)) {
            return Float.isFinite(min) ? min : 0f;
        }
        double scale = (BINS - 1) / (double) (max - min);
        long total = 0;
        double sumAll = 0;
        for (int b = 0; b < BINS; b++) {
            total += hist[b];
            sumAll += (double) b * hist[b];
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
