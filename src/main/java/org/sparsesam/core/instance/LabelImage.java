package org.sparsesam.core.instance;

/**
 * Instance labels, row-major: 0 is background, 1..N are objects. Held as int so that more than
 * 65535 objects are never wrapped; writers that need 16 bits refuse larger counts explicitly.
 */
public final class LabelImage {
    private final int width;
    private final int height;
    private final int[] labels;

    public LabelImage(int width, int height) {
        this(width, height, new int[Math.multiplyExact(width, height)]);
    }

    /** Wraps {@code labels} without copying. */
    public LabelImage(int width, int height, int[] labels) {
        if (labels.length != (long) width * height) {
            throw new IllegalArgumentException("labels length " + labels.length + " != " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.labels = labels;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The backing array (not a copy). */
    public int[] data() {
        return labels;
    }

    public int get(int x, int y) {
        return labels[y * width + x];
    }

    public int maxLabel() {
        int max = 0;
        for (int v : labels) {
            max = Math.max(max, v);
        }
        return max;
    }

    /** Foreground (any label) as a boolean mask. */
    public boolean[] mask() {
        boolean[] m = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            m[i] = labels[i] != 0;
        }
        return m;
    }
}
