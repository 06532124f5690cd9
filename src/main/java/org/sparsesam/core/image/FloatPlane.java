package org.sparsesam.core.image;

import java.util.Arrays;

/** A single-channel float image, row-major: value of (x, y) is {@code data[y * width + x]}. */
public final class FloatPlane {
    private final int width;
    private final int height;
    private final float[] data;

    public FloatPlane(int width, int height) {
        this(width, height, new float[checkedSize(width, height)]);
    }

    /** Wraps {@code data} without copying. */
    public FloatPlane(int width, int height, float[] data) {
        if (data.length != checkedSize(width, height)) {
            throw new IllegalArgumentException("data length " + data.length + " != " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.data = data;
    }

    private static int checkedSize(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("plane size must be positive, got " + width + "x" + height);
        }
        long n = (long) width * height;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("plane of " + width + "x" + height + " is too large for one array");
        }
        return (int) n;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The backing array (not a copy): callers that write to it own the plane. */
    public float[] data() {
        return data;
    }

    public float get(int x, int y) {
        return data[y * width + x];
    }

    public void set(int x, int y, float value) {
        data[y * width + x] = value;
    }

    /** Value at (x, y) with coordinates clamped to the border. */
    public float getClamped(int x, int y) {
        x = Math.max(0, Math.min(width - 1, x));
        y = Math.max(0, Math.min(height - 1, y));
        return data[y * width + x];
    }

    /** Bilinear interpolation at a continuous position where pixel centres lie at integer coordinates. */
    public float sample(double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float fx = (float) (x - x0);
        float fy = (float) (y - y0);
        float a = getClamped(x0, y0), b = getClamped(x0 + 1, y0);
        float c = getClamped(x0, y0 + 1), d = getClamped(x0 + 1, y0 + 1);
        return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
    }

    public FloatPlane copy() {
        return new FloatPlane(width, height, Arrays.copyOf(data, data.length));
    }
}
