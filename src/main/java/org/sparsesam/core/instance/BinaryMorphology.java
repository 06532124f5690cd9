package org.sparsesam.core.instance;

/**
 * Clean-up of binary masks: holes, specks, and erosion/dilation by a disc. The disc of radius r holds the
 * offsets (dx, dy) with dx^2 + dy^2 <= r^2; going through the exact distance transform makes any radius
 * cost the same and keeps the disc truly round.
 */
public final class BinaryMorphology {
    private BinaryMorphology() {}

    /**
     * Background regions that do not touch the image border become foreground. Background is taken
     * 4-connected, the dual of 8-connected objects, so a hole closed only by a diagonal step is still a hole.
     */
    public static BinaryMask fillHoles(BinaryMask mask) {
        int w = mask.width(), h = mask.height();
        boolean[] fg = mask.data();
        boolean[] outside = new boolean[fg.length];
        // Span filling from the background on the border: a row's run at a time, then one seed for each run of
        // unfilled background right above and below it (4-connected: only pixels straight above or below join).
        // Runs once after every click in live mode, where a pixel-by-pixel flood of the whole background was its
        // slowest step.
        int[] stack = new int[Math.max(16, 2 * (w + h))];
        int top = 0;
        for (int x = 0; x < w; x++) {
            stack = push(stack, top++, x);
            stack = push(stack, top++, (h - 1) * w + x);
        }
        for (int y = 0; y < h; y++) {
            stack = push(stack, top++, y * w);
            stack = push(stack, top++, y * w + w - 1);
        }
        while (top > 0) {
            int p = stack[--top];
            if (fg[p] || outside[p]) {
                continue;
            }
            int y = p / w, row = y * w, x = p - row;
            int left = x, right = x;
            while (left > 0 && !fg[row + left - 1] && !outside[row + left - 1]) {
                left--;
            }
            while (right < w - 1 && !fg[row + right + 1] && !outside[row + right + 1]) {
                right++;
            }
            for (int i = left; i <= right; i++) {
                outside[row + i] = true;
            }
            for (int ny = y - 1; ny <= y + 1; ny += 2) {
                if (ny < 0 || ny >= h) {
                    continue;
                }
                boolean inRun = false;
                for (int i = ny * w + left, end = ny * w + right; i <= end; i++) {
                    boolean open = !fg[i] && !outside[i];
                    if (open && !inRun) {
                        stack = push(stack, top++, i);
                    }
                    inRun = open;
                }
            }
        }
        boolean[] filled = new boolean[fg.length];
        for (int i = 0; i < fg.length; i++) {
            filled[i] = !outside[i];
        }
        return new BinaryMask(w, h, filled);
    }

    private static int[] push(int[] stack, int at, int value) {
        if (at == stack.length) {
            stack = java.util.Arrays.copyOf(stack, 2 * stack.length);
        }
        stack[at] = value;
        return stack;
    }

    /**
     * The holes {@link #fillHoles} fills, each labelled on its own (4-connected, as it takes background), so that
     * a click can name the one hole it is in.
     */
    public static LabelImage holes(BinaryMask mask) {
        boolean[] fg = mask.data(), hole = fillHoles(mask).data(); // a new array: ours to change
        for (int i = 0; i < hole.length; i++) {
            hole[i] &= !fg[i];
        }
        return ConnectedComponents.label(new BinaryMask(mask.width(), mask.height(), hole), Connectivity.FOUR);
    }

    /** Drops 8-connected objects of fewer than {@code minArea} pixels. */
    public static BinaryMask removeSmall(BinaryMask mask, int minArea) {
        return removeSmall(mask, minArea, Connectivity.EIGHT);
    }

    /** Drops objects (components under {@code connectivity}) of fewer than {@code minArea} pixels. */
    public static BinaryMask removeSmall(BinaryMask mask, int minArea, Connectivity connectivity) {
        LabelImage labels = ConnectedComponents.label(mask, connectivity);
        long[] areas = ConnectedComponents.areas(labels);
        int[] l = labels.data();
        boolean[] kept = new boolean[l.length];
        for (int i = 0; i < l.length; i++) {
            kept[i] = l[i] != 0 && areas[l[i]] >= minArea;
        }
        return new BinaryMask(mask.width(), mask.height(), kept);
    }

    /**
     * Keeps the pixels whose whole disc of radius {@code radius} lies in the foreground. Pixels outside
     * the image count as foreground, so an object cut by the image edge is not eaten from the edge.
     */
    public static BinaryMask erode(BinaryMask mask, double radius) {
        checkRadius(radius);
        double[] sq = DistanceTransform.squaredEuclidean(mask, false);
        double r2 = radius * radius;
        boolean[] out = new boolean[sq.length];
        for (int i = 0; i < sq.length; i++) {
            out[i] = sq[i] > r2;
        }
        return new BinaryMask(mask.width(), mask.height(), out);
    }

    /** Adds every pixel within {@code radius} of the foreground; nothing grows in from outside the image. */
    public static BinaryMask dilate(BinaryMask mask, double radius) {
        checkRadius(radius);
        // Distance of each background pixel to the nearest foreground pixel; outside the image is no foreground.
        double[] sq = DistanceTransform.squaredEuclidean(mask.inverted(), false);
        double r2 = radius * radius;
        boolean[] out = new boolean[sq.length];
        for (int i = 0; i < sq.length; i++) {
            out[i] = sq[i] <= r2;
        }
        return new BinaryMask(mask.width(), mask.height(), out);
    }

    /** Erosion then dilation: removes parts thinner than the disc and smooths convex corners. */
    public static BinaryMask open(BinaryMask mask, double radius) {
        return dilate(erode(mask, radius), radius);
    }

    /** Dilation then erosion: closes gaps and bays narrower than the disc. */
    public static BinaryMask close(BinaryMask mask, double radius) {
        return erode(dilate(mask, radius), radius);
    }

    private static void checkRadius(double radius) {
        if (!(radius >= 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("disc radius must be finite and >= 0, got " + radius);
        }
    }
}
