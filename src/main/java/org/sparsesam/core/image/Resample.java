package org.sparsesam.core.image;

/** Moves maps between a feature grid and the image's pixels. */
public final class Resample {
    private Resample() {}

    /**
     * Bilinear upsampling of a map on a grid of the given stride to {@code width x height} pixels.
     * Interpolating the continuous map (rather than nearest-neighbour on a thresholded mask) keeps object
     * outlines smooth and where the map actually crosses its threshold.
     */
    public static FloatPlane upsample(FloatPlane grid, int stride, int width, int height) {
        if (stride == 1 && grid.width() == width && grid.height() == height) {
            return grid.copy();
        }
        FloatPlane out = new FloatPlane(width, height);
        float[] o = out.data();
        for (int y = 0; y < height; y++) {
            double gy = (y + 0.5) / stride - 0.5;
            for (int x = 0; x < width; x++) {
                double gx = (x + 0.5) / stride - 0.5;
                o[y * width + x] = grid.sample(gx, gy);
            }
        }
        return out;
    }

    /** Average of the pixels of each grid cell (partial cells at the right and bottom average what they hold). */
    public static FloatPlane toGrid(FloatPlane pixels, int stride, int gridWidth, int gridHeight) {
        if (stride == 1 && pixels.width() == gridWidth && pixels.height() == gridHeight) {
            return pixels;
        }
        FloatPlane out = new FloatPlane(gridWidth, gridHeight);
        for (int gy = 0; gy < gridHeight; gy++) {
            for (int gx = 0; gx < gridWidth; gx++) {
                double sum = 0;
                int n = 0;
                for (int y = gy * stride; y < Math.min(pixels.height(), (gy + 1) * stride); y++) {
                    for (int x = gx * stride; x < Math.min(pixels.width(), (gx + 1) * stride); x++) {
                        sum += pixels.get(x, y);
                        n++;
                    }
                }
                out.set(gx, gy, n == 0 ? 0f : (float) (sum / n));
            }
        }
        return out;
    }
}
