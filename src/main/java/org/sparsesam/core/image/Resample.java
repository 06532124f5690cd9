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
}
