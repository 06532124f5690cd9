package org.sparsesam.core.eval;

import java.util.SplittableRandom;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.LabelImage;

/**
 * A generated H&amp;E-like image whose answer is known: purple elliptical "nuclei" on pink "stroma" with
 * mild noise, and their instance labels. For benchmarks and end-to-end tests, which need images of any size
 * without shipping data. Deterministic for a seed.
 */
public record SyntheticTissue(RasterImage image, LabelImage labels) {
    private static final float[] STROMA = {232, 170, 205};
    private static final float[] NUCLEUS = {105, 60, 150};

    /**
     * @param meanRadius typical nucleus radius in pixels (each one varies by up to a third)
     * @param density    fraction of the area the nuclei aim to cover (they never overlap, so less when crowded)
     */
    public static SyntheticTissue generate(int width, int height, double meanRadius, double density, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] labels = new int[width * height];
        double nucleusArea = Math.PI * meanRadius * meanRadius;
        int wanted = (int) Math.round(density * width * height / nucleusArea);
        int placed = 0;
        for (int attempt = 0; attempt < wanted * 20 && placed < wanted; attempt++) {
            double rx = meanRadius * (0.67 + 0.66 * random.nextDouble());
            double ry = rx * (0.7 + 0.3 * random.nextDouble());
            double angle = Math.PI * random.nextDouble();
            double cx = rx + random.nextDouble() * (width - 2 * rx);
            double cy = rx + random.nextDouble() * (height - 2 * rx);
            if (fits(labels, width, height, cx, cy, rx, ry, angle)) {
                placed++;
                paint(labels, width, height, cx, cy, rx, ry, angle, placed);
            }
        }
        FloatPlane[] rgb = {new FloatPlane(width, height), new FloatPlane(width, height), new FloatPlane(width, height)};
        for (int i = 0; i < labels.length; i++) {
            float[] base = labels[i] != 0 ? NUCLEUS : STROMA;
            double noise = random.nextGaussian() * 8;
            for (int c = 0; c < 3; c++) {
                rgb[c].data()[i] = (float) Math.max(0, Math.min(255, Math.round(base[c] + noise)));
            }
        }
        return new SyntheticTissue(RasterImage.rgb(rgb[0], rgb[1], rgb[2]), new LabelImage(width, height, labels));
    }

    /** A typical nucleus-like image: 6 px radius nuclei covering about 15 % of the area. */
    public static SyntheticTissue nuclei(int width, int height, long seed) {
        return generate(width, height, 6, 0.15, seed);
    }

    private static boolean inside(double x, double y, double cx, double cy, double rx, double ry, double angle, double grow) {
        double dx = x - cx, dy = y - cy;
        double u = dx * Math.cos(angle) + dy * Math.sin(angle);
        double v = -dx * Math.sin(angle) + dy * Math.cos(angle);
        return (u * u) / ((rx + grow) * (rx + grow)) + (v * v) / ((ry + grow) * (ry + grow)) <= 1;
    }

    /** True when the ellipse, grown by 2 px so that nuclei never touch, covers no labelled pixel. */
    private static boolean fits(int[] labels, int w, int h, double cx, double cy, double rx, double ry, double angle) {
        int r = (int) Math.ceil(rx + 2);
        for (int y = Math.max(0, (int) cy - r); y <= Math.min(h - 1, (int) cy + r); y++) {
            for (int x = Math.max(0, (int) cx - r); x <= Math.min(w - 1, (int) cx + r); x++) {
                if (labels[y * w + x] != 0 && inside(x, y, cx, cy, rx, ry, angle, 2)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void paint(int[] labels, int w, int h, double cx, double cy, double rx, double ry, double angle, int label) {
        int r = (int) Math.ceil(rx);
        for (int y = Math.max(0, (int) cy - r); y <= Math.min(h - 1, (int) cy + r); y++) {
            for (int x = Math.max(0, (int) cx - r); x <= Math.min(w - 1, (int) cx + r); x++) {
                if (inside(x, y, cx, cy, rx, ry, angle, 0)) {
                    labels[y * w + x] = label;
                }
            }
        }
    }
}
