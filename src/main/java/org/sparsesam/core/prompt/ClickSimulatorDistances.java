package org.sparsesam.core.prompt;

import org.sparsesam.core.instance.LabelImage;

/**
 * Exact squared Euclidean distance transforms that the click simulator places clicks with
 * (Felzenszwalb and Huttenlocher 2012, two separable 1-D passes). Written here because core may not
 * use ImageJ's EDM, and clicks need exact distances to guarantee their margins.
 */
final class ClickSimulatorDistances {
    private static final double INFINITE = 1e20;

    private ClickSimulatorDistances() {}

    /**
     * For each object pixel, the squared distance to the nearest pixel that is background, touches another
     * label (4-neighbourhood), or lies on the image edge. A click at distance d therefore has every pixel
     * closer than d inside its own object and inside the image.
     */
    static double[] interiorSquared(LabelImage objects) {
        int w = objects.width(), h = objects.height();
        int[] l = objects.data();
        boolean[] source = new boolean[l.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int k = y * w + x;
                int v = l[k];
                source[k] = v == 0 || x == 0 || y == 0 || x == w - 1 || y == h - 1
                        || l[k - 1] != v || l[k + 1] != v || l[k - w] != v || l[k + w] != v;
            }
        }
        return transform(source, w, h);
    }

    /** For each pixel, the squared distance to the nearest object pixel (huge when there is none). */
    static double[] toObjectsSquared(LabelImage objects) {
        int[] l = objects.data();
        boolean[] source = new boolean[l.length];
        for (int k = 0; k < l.length; k++) {
            source[k] = l[k] != 0;
        }
        return transform(source, objects.width(), objects.height());
    }

    private static double[] transform(boolean[] source, int w, int h) {
        double[] d = new double[source.length];
        for (int k = 0; k < d.length; k++) {
            d[k] = source[k] ? 0 : INFINITE;
        }
        int n = Math.max(w, h);
        double[] f = new double[n];
        double[] out = new double[n];
        int[] v = new int[n];
        double[] z = new double[n + 1];
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                f[y] = d[y * w + x];
            }
            transform1d(f, h, out, v, z);
            for (int y = 0; y < h; y++) {
                d[y * w + x] = out[y];
            }
        }
        for (int y = 0; y < h; y++) {
            System.arraycopy(d, y * w, f, 0, w);
            transform1d(f, w, out, v, z);
            System.arraycopy(out, 0, d, y * w, w);
        }
        return d;
    }

    /** Lower envelope of parabolas rooted at (q, f[q]). */
    private static void transform1d(double[] f, int n, double[] out, int[] v, double[] z) {
        int k = 0;
        v[0] = 0;
        z[0] = Double.NEGATIVE_INFINITY;
        z[1] = Double.POSITIVE_INFINITY;
        for (int q = 1; q < n; q++) {
            double s = ((f[q] + (double) q * q) - (f[v[k]] + (double) v[k] * v[k])) / (2.0 * q - 2.0 * v[k]);
            while (s <= z[k]) {
                k--;
                s = ((f[q] + (double) q * q) - (f[v[k]] + (double) v[k] * v[k])) / (2.0 * q - 2.0 * v[k]);
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = Double.POSITIVE_INFINITY;
        }
        k = 0;
        for (int q = 0; q < n; q++) {
            while (z[k + 1] < q) {
                k++;
            }
            double dq = q - v[k];
            out[q] = dq * dq + f[v[k]];
        }
    }
}
