package org.sparsesam.core.instance;

import java.util.Arrays;
import org.sparsesam.core.image.FloatPlane;

/**
 * A foreground/background mask, row-major: pixel (x, y) is {@code data[y * width + x]}. The array is
 * wrapped, not copied; operations in this package return new masks and never write to their input.
 */
public record BinaryMask(int width, int height, boolean[] data) {

    public BinaryMask {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("mask size must be positive, got " + width + "x" + height);
        }
        if (data == null || data.length != (long) width * height) {
            throw new IllegalArgumentException("mask data length " + (data == null ? "null" : data.length) + " != " + width + "x" + height);
        }
    }

    public static BinaryMask empty(int width, int height) {
        return new BinaryMask(width, height, new boolean[Math.multiplyExact(width, height)]);
    }

    /** Every labelled pixel. */
    public static BinaryMask of(LabelImage labels) {
        return new BinaryMask(labels.width(), labels.height(), labels.mask());
    }

    /** Pixels whose value is strictly above {@code threshold} (NaN is background). */
    public static BinaryMask above(FloatPlane plane, float threshold) {
        float[] v = plane.data();
        boolean[] m = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            m[i] = v[i] > threshold;
        }
        return new BinaryMask(plane.width(), plane.height(), m);
    }

    public boolean get(int x, int y) {
        return data[y * width + x];
    }

    public int size() {
        return data.length;
    }

    /** Number of foreground pixels. */
    public int count() {
        int n = 0;
        for (boolean b : data) {
            if (b) {
                n++;
            }
        }
        return n;
    }

    public BinaryMask inverted() {
        boolean[] m = new boolean[data.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = !data[i];
        }
        return new BinaryMask(width, height, m);
    }

    public BinaryMask copy() {
        return new BinaryMask(width, height, data.clone());
    }

    /** Compares pixels, not array identity, so that masks can be compared in tests and caches. */
    @Override
    public boolean equals(Object o) {
        return o instanceof BinaryMask m && m.width == width && m.height == height && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "BinaryMask[" + width + "x" + height + ", " + count() + " foreground]";
    }
}
