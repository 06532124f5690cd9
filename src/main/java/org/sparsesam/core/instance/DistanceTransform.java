package org.sparsesam.core.instance;

import java.util.Arrays;
import org.sparsesam.core.image.FloatPlane;

/**
 * Exact Euclidean distance transform by the lower envelope of parabolas (Felzenszwalb and Huttenlocher,
 * "Distance Transforms of Sampled Functions", 2012): one pass down the columns, one along the rows,
 * linear in the pixel count. Written here because the core may not use ImageJ's EDM, and EDM's result
 * is not exact for every shape.
 */
public final class DistanceTransform {
    private DistanceTransform() {}

    /** Distance of each foreground pixel to the nearest background pixel, treating pixels outside the image as background. */
    public static FloatPlane euclidean(BinaryMask mask) {
        return euclidean(mask, true);
    }

    /**
     * Distance of each foreground pixel to the nearest background pixel; background pixels get 0.
     * With {@code outsideIsBackground} false an object cut by the image edge is measured as if it went on
     * beyond it, and a mask with no background at all gives +infinity everywhere.
     */
    public static FloatPlane euclidean(BinaryMask mask, boolean outsideIsBackground) {
        double[] sq = squaredEuclidean(mask, outsideIsBackground);
        float[] d = new float[sq.length];
        for (int i = 0; i < sq.length; i++) {
            d[i] = (float) Math.sqrt(sq[i]);
        }
        return new FloatPlane(mask.width(), mask.height(), d);
    }

    /**
     * Squared distances, exact whole numbers (held as double so that no image size loses precision),
     * +infinity where no background can be reached.
     */
    static double[] squaredEuclidean(BinaryMask mask, boolean outsideIsBackground) {
        int w = mask.width(), h = mask.height();
        boolean[] fg = mask.data();
        double[] columns = new double[fg.length];
        Envelope envelope = new Envelope(Math.max(w, h));
        double[] f = new double[h];
        double[] out = new double[Math.max(w, h)];
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                f[y] = fg[y * w + x] ? Double.POSITIVE_INFINITY : 0;
            }
            envelope.transform(f, h, outsideIsBackground, out);
            for (int y = 0; y < h; y++) {
                columns[y * w + x] = out[y];
            }
        }
        double[] result = new double[fg.length];
        double[] row = new double[w];
        for (int y = 0; y < h; y++) {
            System.arraycopy(columns, y * w, row, 0, w);
            envelope.transform(row, w, outsideIsBackground, out);
            System.arraycopy(out, 0, result, y * w, w);
        }
        return result;
    }

    /** Work arrays of the 1-D transform, reused across rows and columns. */
    private static final class Envelope {
        private final int[] site;       // positions of the parabolas in the lower envelope
        private final double[] height;  // their f values
        private final double[] from;    // where each parabola starts to be the lowest

        Envelope(int n) {
            site = new int[n + 2];
            height = new double[n + 2];
            from = new double[n + 3];
        }

        /**
         * out[q] = min over sites p of (q - p)^2 + f[p], for q in 0..n-1. Infinite f values are not sites;
         * with {@code virtualEnds} the positions -1 and n are extra sites of value 0 (background just outside).
         */
        void transform(double[] f, int n, boolean virtualEnds, double[] out) {
            int k = -1;
            int first = virtualEnds ? -1 : 0;
            int last = virtualEnds ? n : n - 1;
            for (int q = first; q <= last; q++) {
                double fq = q < 0 || q >= n ? 0 : f[q];
                if (fq == Double.POSITIVE_INFINITY) {
                    continue;
                }
                double s = Double.NEGATIVE_INFINITY;
                while (k >= 0) {
                    s = ((fq + (double) q * q) - (height[k] + (double) site[k] * site[k])) / (2.0 * q - 2.0 * site[k]);
                    if (s > from[k]) {
                        break;
                    }
                    k--;
                }
                k++;
                site[k] = q;
                height[k] = fq;
                from[k] = k == 0 ? Double.NEGATIVE_INFINITY : s;
                from[k + 1] = Double.POSITIVE_INFINITY;
            }
            if (k < 0) {
                Arrays.fill(out, 0, n, Double.POSITIVE_INFINITY);
                return;
            }
            int j = 0;
            for (int q = 0; q < n; q++) {
                while (from[j + 1] < q) {
                    j++;
                }
                double dq = q - site[j];
                out[q] = dq * dq + height[j];
            }
        }
    }
}
