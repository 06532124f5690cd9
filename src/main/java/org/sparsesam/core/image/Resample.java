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

    /**
     * {@link #upsample} of {@code grid}, given the last grid of the same size and its upsampled plane: a pixel reads the
     * cells around its own (within one cell, edges clamped), so only pixels in cells within one cell of a changed cell
     * are interpolated again; the others are copied. Equal to {@code upsample(grid, stride, ...)}.
     */
    public static FloatPlane upsampleChanged(FloatPlane lastGrid, FloatPlane lastPixels, FloatPlane grid, int stride) {
        int width = lastPixels.width(), height = lastPixels.height(), gw = grid.width(), gh = grid.height();
        if (stride == 1 && gw == width && gh == height) {
            return grid.copy();
        }
        float[] before = lastGrid.data(), now = grid.data();
        boolean[] changed = new boolean[now.length];
        boolean any = false;
        for (int i = 0; i < now.length; i++) {
            // compared as bits: a NaN that stays NaN is no change, and -0 against 0 is (the interpolation may differ)
            changed[i] = Float.floatToRawIntBits(before[i]) != Float.floatToRawIntBits(now[i]);
            any |= changed[i];
        }
        FloatPlane out = lastPixels.copy();
        if (!any) {
            return out;
        }
        float[] o = out.data();
        int blocksX = (width + stride - 1) / stride, blocksY = (height + stride - 1) / stride;
        for (int by = 0; by < blocksY; by++) {
            for (int bx = 0; bx < blocksX; bx++) {
                if (!changedNear(changed, gw, gh, bx, by)) {
                    continue;
                }
                for (int y = by * stride; y < Math.min(height, (by + 1) * stride); y++) {
                    double gy = (y + 0.5) / stride - 0.5;
                    for (int x = bx * stride; x < Math.min(width, (bx + 1) * stride); x++) {
                        double gx = (x + 0.5) / stride - 0.5;
                        o[y * width + x] = grid.sample(gx, gy);
                    }
                }
            }
        }
        return out;
    }

    /** Whether a cell within one of cell (bx, by), clamped into the grid, changed. */
    private static boolean changedNear(boolean[] changed, int gw, int gh, int bx, int by) {
        for (int cy = Math.max(0, Math.min(gh - 1, by - 1)); cy <= Math.max(0, Math.min(gh - 1, by + 1)); cy++) {
            for (int cx = Math.max(0, Math.min(gw - 1, bx - 1)); cx <= Math.max(0, Math.min(gw - 1, bx + 1)); cx++) {
                if (changed[cy * gw + cx]) {
                    return true;
                }
            }
        }
        return false;
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
