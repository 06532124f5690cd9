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
        int[] queue = new int[fg.length];
        int tail = 0;
        for (int i = 0; i < fg.length; i++) {
            int x = i % w, y = i / w;
            boolean border = x == 0 || y == 0 || x == w - 1 || y == h - 1;
            if (border && !fg[i]) {
                outside[i] = true;
                queue[tail++] = i;
            }
        }
        Connectivity c = Connectivity.FOUR;
        for (int head = 0; head < tail; head++) {
            int p = queue[head];
            int px = p % w, py = p / w;
            for (int k = 0; k < c.count(); k++) {
                int nx = px + c.dx(k), ny = py + c.dy(k);
                if (nx < 0 || ny < 0 || nx >= w || ny >= h) {
                    continue;
                }
                int n = ny * w + nx;
                if (!fg[n] && !outside[n]) {
                    outside[n] = true;
                    queue[tail++] = n;
                }
            }
        }
        boolean[] filled = new boolean[fg.length];
        for (int i = 0; i < fg.length; i++) {
            filled[i] = !outside[i];
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
