package org.sparsesam.core.tune;

import java.util.Random;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.image.FloatPlane;

/** Feature grids with a known answer, shared by the tuning tests. */
final class SyntheticGrids {
    private SyntheticGrids() {}

    /** Gaussian noise in every channel, with per-channel offset and scale so standardization has work to do. */
    static FeatureGrid random(int width, int height, int channels, long seed) {
        Random random = new Random(seed);
        FloatPlane[] planes = new FloatPlane[channels];
        String[] names = new String[channels];
        for (int c = 0; c < channels; c++) {
            float offset = (float) (3 * random.nextGaussian());
            float scale = (float) (0.5 + 2 * random.nextDouble());
            float[] v = new float[width * height];
            for (int i = 0; i < v.length; i++) {
                v[i] = offset + scale * (float) random.nextGaussian();
            }
            planes[c] = new FloatPlane(width, height, v);
            names[c] = "noise" + c;
        }
        return new FeatureGrid(planes, names, 1, width, height);
    }

    /** 1 inside the disc of {@code radius} around the grid centre, 0 outside. */
    static float[] disc(int width, int height, double radius) {
        float[] truth = new float[width * height];
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                truth[y * width + x] = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius ? 1 : 0;
            }
        }
        return truth;
    }

    /**
     * Two channels that carry the truth under noise (offset and scaled differently) and the rest pure noise:
     * a head has to find which channels matter, and no single cell's features are certain.
     */
    static FeatureGrid noisyCopiesOf(float[] truth, int width, int height, int channels, long seed) {
        Random random = new Random(seed);
        FloatPlane[] planes = new FloatPlane[channels];
        String[] names = new String[channels];
        for (int c = 0; c < channels; c++) {
            float[] v = new float[truth.length];
            for (int i = 0; i < v.length; i++) {
                double noise = random.nextGaussian();
                v[i] = (float) switch (c) {
                    case 0 -> truth[i] + 0.35 * noise;
                    case 1 -> 10 - 4 * truth[i] + 2.0 * noise;
                    default -> 2 * noise;
                };
            }
            planes[c] = new FloatPlane(width, height, v);
            names[c] = "f" + c;
        }
        return new FeatureGrid(planes, names, 1, width, height);
    }

    static double dice(float[] a, float[] b) {
        double intersection = 0, sizes = 0;
        for (int i = 0; i < a.length; i++) {
            boolean x = a[i] > 0.5f, y = b[i] > 0.5f;
            intersection += x && y ? 1 : 0;
            sizes += (x ? 1 : 0) + (y ? 1 : 0);
        }
        return sizes == 0 ? 1 : 2 * intersection / sizes;
    }
}
