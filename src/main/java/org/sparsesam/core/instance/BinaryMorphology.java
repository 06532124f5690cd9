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
        // The background as runs along the rows: a run is outside if it touches the border or overlaps (in x, so
        // 4-connected) an outside run in the row above or below. Runs after every live click on the whole image,
        // where flooding the background pixel by pixel was the update's slowest step; there are far fewer runs.
        int[] runStart = new int[64], runEnd = new int[64], rowFirst = new int[h + 1];
        int runs = 0;
        for (int y = 0; y < h; y++) {
            rowFirst[y] = runs;
            int row = y * w;
            for (int x = 0; x < w; x++) {
                if (fg[row + x]) {
                    continue;
                }
                int x0 = x;
                while (x + 1 < w && !fg[row + x + 1]) {
                    x++;
                }
                if (runs == runStart.length) {
                    runStart = java.util.Arrays.copyOf(runStart, 2 * runs);
                    runEnd = java.util.Arrays.copyOf(runEnd, 2 * runs);
                }
                runStart[runs] = x0;
                runEnd[runs++] = x;
            }
        }
        rowFirst[h] = runs;
        boolean[] outside = new boolean[runs];
        int[] stack = new int[Math.max(16, runs)], rowOf = new int[runs];
        int top = 0;
        for (int y = 0; y < h; y++) {
            for (int r = rowFirst[y]; r < rowFirst[y + 1]; r++) {
                rowOf[r] = y;
                if (y == 0 || y == h - 1 || runStart[r] == 0 || runEnd[r] == w - 1) {
                    outside[r] = true;
                    stack[top++] = r;
                }
            }
        }
        while (top > 0) {
            int r = stack[--top], y = rowOf[r];
            for (int ny = y - 1; ny <= y + 1; ny += 2) {
                if (ny < 0 || ny >= h) {
                    continue;
                }
                for (int q = rowFirst[ny]; q < rowFirst[ny + 1] && runStart[q] <= runEnd[r]; q++) {
                    if (runEnd[q] >= runStart[r] && !outside[q]) {
                        outside[q] = true;
                        stack[top++] = q; // each run is pushed once, so the stack never holds more than all runs
                    }
                }
            }
        }
        boolean[] filled = fg.clone();
        for (int r = 0; r < runs; r++) {
            if (!outside[r]) {
                java.util.Arrays.fill(filled, rowOf[r] * w + runStart[r], rowOf[r] * w + runEnd[r] + 1, true);
            }
        }
        return new BinaryMask(w, h, filled);
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
