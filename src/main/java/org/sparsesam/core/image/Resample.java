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
        Taps columns = new Taps(stride, width, grid.width()), rows = new Taps(stride, height, grid.height());
        for (int y = 0; y < height; y++) {
            interpolate(grid, columns, rows, y, 0, width, out.data());
        }
        return out;
    }

    /**
     * Where each pixel of one axis reads the grid: the two cells either side of it (clamped at the edges) and the weight
     * of the second, exactly as {@link FloatPlane#sample} works them out, computed once per axis instead of per pixel.
     */
    private static final class Taps {
        final int[] first, second;
        final float[] weight;

        Taps(int stride, int pixels, int cells) {
            first = new int[pixels];
            second = new int[pixels];
            weight = new float[pixels];
            for (int p = 0; p < pixels; p++) {
                double g = (p + 0.5) / stride - 0.5;
                int g0 = (int) Math.floor(g);
                weight[p] = (float) (g - g0);
                first[p] = Math.max(0, Math.min(cells - 1, g0));
                second[p] = Math.max(0, Math.min(cells - 1, g0 + 1));
            }
        }
    }

    /** Pixels [xFrom, xTo) of row y, with {@link FloatPlane#sample}'s arithmetic in its order, so the values are the same. */
    private static void interpolate(FloatPlane grid, Taps columns, Taps rows, int y, int xFrom, int xTo, float[] out) {
        float[] g = grid.data();
        int gw = grid.width(), width = columns.first.length;
        int top = rows.first[y] * gw, bottom = rows.second[y] * gw;
        float fy = rows.weight[y];
        for (int x = xFrom; x < xTo; x++) {
            int c0 = columns.first[x], c1 = columns.second[x];
            float fx = columns.weight[x];
            float a = g[top + c0], b = g[top + c1], c = g[bottom + c0], d = g[bottom + c1];
            out[y * width + x] = (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
        }
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
        boolean[] near = withinOneCell(changed, gw, gh);
        Taps columns = new Taps(stride, width, gw), rows = new Taps(stride, height, gh);
        int blocksX = (width + stride - 1) / stride, blocksY = (height + stride - 1) / stride;
        // rows of blocks on all cores (the caller joins in): each pixel is written once, by the same arithmetic
        new Parallel(null).forRange(blocksY, (fromBlock, toBlock) -> {
            for (int by = fromBlock; by < toBlock; by++) {
                for (int bx = 0; bx < blocksX; bx++) {
                    // Blocks past the grid (an image wider than the cells) read the last cells: their neighbourhood covers it.
                    if (!near[Math.min(by, gh - 1) * gw + Math.min(bx, gw - 1)]) {
                        continue;
                    }
                    for (int y = by * stride; y < Math.min(height, (by + 1) * stride); y++) {
                        interpolate(grid, columns, rows, y, bx * stride, Math.min(width, (bx + 1) * stride), o);
                    }
                }
            }
        });
        return out;
    }

    /** Cells with a changed cell among their eight neighbours or themselves: a 3 x 3 dilation, rows then columns. */
    private static boolean[] withinOneCell(boolean[] changed, int gw, int gh) {
        boolean[] rows = new boolean[changed.length], out = new boolean[changed.length];
        for (int y = 0; y < gh; y++) {
            for (int x = 0; x < gw; x++) {
                int i = y * gw + x;
                rows[i] = changed[i] || (x > 0 && changed[i - 1]) || (x < gw - 1 && changed[i + 1]);
            }
        }
        for (int y = 0; y < gh; y++) {
            for (int x = 0; x < gw; x++) {
                int i = y * gw + x;
                out[i] = rows[i] || (y > 0 && rows[i - gw]) || (y < gh - 1 && rows[i + gw]);
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
