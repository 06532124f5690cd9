package org.sparsesam.core.instance;

import java.util.Random;

/** Synthetic masks for the tests: shapes whose answers can be worked out by hand. */
final class Masks {
    private Masks() {}

    /** Parses rows of '#' (foreground) and '.' (background). */
    static BinaryMask parse(String... rows) {
        int w = rows[0].length(), h = rows.length;
        boolean[] m = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                m[y * w + x] = rows[y].charAt(x) == '#';
            }
        }
        return new BinaryMask(w, h, m);
    }

    static BinaryMask random(int w, int h, double foregroundFraction, Random random) {
        boolean[] m = new boolean[w * h];
        for (int i = 0; i < m.length; i++) {
            m[i] = random.nextDouble() < foregroundFraction;
        }
        return new BinaryMask(w, h, m);
    }

    /** Adds the pixels whose centre is within {@code r} of (cx, cy). */
    static void disc(BinaryMask mask, double cx, double cy, double r) {
        ellipse(mask, cx, cy, r, r);
    }

    /** Adds the pixels whose centre lies in the axis-aligned ellipse with semi-axes a (x) and b (y). */
    static void ellipse(BinaryMask mask, double cx, double cy, double a, double b) {
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                double u = (x - cx) / a, v = (y - cy) / b;
                if (u * u + v * v <= 1) {
                    mask.data()[y * mask.width() + x] = true;
                }
            }
        }
    }

    static void rectangle(BinaryMask mask, int x0, int y0, int x1, int y1) {
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                mask.data()[y * mask.width() + x] = true;
            }
        }
    }
}
