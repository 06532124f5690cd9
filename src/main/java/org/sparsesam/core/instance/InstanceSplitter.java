package org.sparsesam.core.instance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sparsesam.core.image.FloatPlane;

/**
 * Splits a foreground mask into objects: the distance to the background peaks once per round object,
 * so each peak that stands out (h-maxima, at least the expected radius from a higher peak of the same
 * blob) seeds a watershed of the negated distance inside the mask. A weight map, when given (the stain
 * density, see {@code SeamWeight}, or a foreground probability), scales the distance so that the dim seams
 * between touching objects become deeper valleys.
 */
public final class InstanceSplitter {
    private InstanceSplitter() {}

    public static LabelImage split(BinaryMask mask) {
        return split(mask, null, SplitParameters.defaults());
    }

    public static LabelImage split(BinaryMask mask, SplitParameters parameters) {
        return split(mask, null, parameters);
    }

    /**
     * Objects labelled 1..N in raster order of their first pixel; every foreground pixel gets a label.
     *
     * @param weight null, or a map in [0, 1] (values outside are clamped) whose lows mark seams
     */
    public static LabelImage split(BinaryMask mask, FloatPlane weight, SplitParameters parameters) {
        Peaks peaks = peaks(mask, weight);
        return flood(mask, peaks, seeds(peaks, parameters));
    }

    /** The seed points {@link #split} floods from, labelled 1..S from the highest peak down. */
    public static LabelImage seeds(BinaryMask mask, FloatPlane weight, SplitParameters parameters) {
        return seeds(peaks(mask, weight), parameters);
    }

    /**
     * What {@link #split} finds before it knows its parameters: the landscape it floods, and every peak that could
     * seed an object with the depth it rose above the saddle where it met a higher one. {@link InstanceLabelling}
     * keeps them per piece of mask, so that a new object scale only re-takes seeds.
     */
    public static final class Peaks {
        private final int width, height;
        private final float[] landscape;
        /** Candidate pixels, highest first (ties: smaller index first). */
        private final int[] candidates;
        /** Each candidate's rise above its saddle; infinite for the highest peak of a piece, which always seeds. */
        private final float[] rises;
        /** Each candidate's connected piece of mask, as the union-find root of that piece. */
        private final int[] pieces;

        private Peaks(int width, int height, float[] landscape, int[] candidates, float[] rises, int[] pieces) {
            this.width = width;
            this.height = height;
            this.landscape = landscape;
            this.candidates = candidates;
            this.rises = rises;
            this.pieces = pieces;
        }
    }

    /** The landscape of {@code mask} weighted by {@code weight} and its peaks, as {@link #split} uses them. */
    public static Peaks peaks(BinaryMask mask, FloatPlane weight) {
        float[] landscape = landscape(mask, weight);
        return peaks(mask, landscape);
    }

    /**
     * Floods the mask from {@code seeds} down the landscape of {@code peaks}; objects labelled 1..N in raster order of
     * their first pixel, every foreground pixel labelled.
     */
    public static LabelImage flood(BinaryMask mask, Peaks peaks, LabelImage seeds) {
        float[] elevation = new float[peaks.landscape.length];
        for (int i = 0; i < elevation.length; i++) {
            elevation[i] = -peaks.landscape[i];
        }
        LabelImage flooded = Watershed.flood(new FloatPlane(mask.width(), mask.height(), elevation), seeds, mask, Connectivity.EIGHT);
        labelUnreached(mask, flooded, seeds.maxLabel());
        return Instances.relabelInRasterOrder(flooded);
    }

    /**
     * The typical inscribed radius of the mask's objects: the median over 8-connected blobs of each blob's
     * largest distance to the background. A clump of touching objects has about the radius of one of them,
     * so this holds even where objects touch. 0 for an empty mask.
     */
    public static double typicalRadius(BinaryMask mask) {
        LabelImage blobs = ConnectedComponents.label(mask);
        float[] d = DistanceTransform.euclidean(mask, true).data();
        int n = blobs.maxLabel();
        if (n == 0) {
            return 0;
        }
        double[] peak = new double[n];
        int[] l = blobs.data();
        for (int i = 0; i < l.length; i++) {
            if (l[i] != 0) {
                peak[l[i] - 1] = Math.max(peak[l[i] - 1], d[i]);
            }
        }
        Arrays.sort(peak);
        return n % 2 == 1 ? peak[n / 2] : 0.5 * (peak[n / 2 - 1] + peak[n / 2]);
    }

    private static float[] landscape(BinaryMask mask, FloatPlane weight) {
        if (weight != null && (weight.width() != mask.width() || weight.height() != mask.height())) {
            throw new IllegalArgumentException("mask " + mask.width() + "x" + mask.height() + " and weight "
                    + weight.width() + "x" + weight.height() + " differ in size");
        }
        // Objects cut by the image edge go on beyond it: measuring as if they did keeps their peak where the
        // object's centre is instead of inventing a ridge along the edge. A mask with no background at all
        // has no distances that way, so it is measured to the edge instead.
        float[] d = DistanceTransform.euclidean(mask, false).data();
        if (!Float.isFinite(max(d))) {
            d = DistanceTransform.euclidean(mask, true).data();
        }
        if (weight != null) {
            float[] p = weight.data();
            for (int i = 0; i < d.length; i++) {
                float w = Float.isNaN(p[i]) ? 0 : Math.max(0, Math.min(1, p[i]));
                d[i] *= w;
            }
        }
        return d;
    }

    /**
     * h-maxima with a separation rule, from one pass of union-find over the pixels from the highest down:
     * when two blobs of the landscape meet at a saddle, the one with the lower peak ends there, and its
     * peak is a seed candidate if it rose more than h above the saddle. Each blob's highest peak is always
     * a candidate. This pass records every peak with its rise; {@link #seeds(Peaks, SplitParameters)} applies h.
     */
    private static Peaks peaks(BinaryMask mask, float[] landscape) {
        int w = mask.width(), h = mask.height();
        boolean[] fg = mask.data();
        int count = mask.count();
        long[] order = new long[count];
        int k = 0;
        for (int i = 0; i < fg.length; i++) {
            if (fg[i]) {
                // Descending landscape, ascending index for ties: a fixed order, so seeds are reproducible.
                int bits = Float.floatToIntBits(landscape[i] + 0.0f);
                order[k++] = ((long) (Integer.MAX_VALUE - bits) << 32) | i;
            }
        }
        Arrays.sort(order);
        int[] parent = new int[fg.length];
        boolean[] visited = new boolean[fg.length]; // parent[] holds something only once visited: no fill needed
        int[] peak = new int[fg.length];  // meaningful at roots: the pixel of the blob's highest value
        // Each pixel's rise above the saddle where its blob ended, where ended[] says it did: a peak ends once.
        float[] riseAt = new float[fg.length];
        boolean[] ended = new boolean[fg.length];
        int candidateCount = 0;
        Connectivity c = Connectivity.EIGHT;
        for (long key : order) {
            int p = (int) key;
            parent[p] = p;
            peak[p] = p;
            visited[p] = true;
            float saddle = landscape[p];
            int py = p / w, px = p - py * w;
            for (int n = 0; n < c.count(); n++) {
                int nx = px + c.dx(n), ny = py + c.dy(n);
                if (nx < 0 || ny < 0 || nx >= w || ny >= h) {
                    continue;
                }
                int q = ny * w + nx;
                if (!visited[q]) {
                    continue;
                }
                int rp = find(parent, p), rq = find(parent, q);
                if (rp == rq) {
                    continue;
                }
                boolean pHigher = higher(landscape, peak[rp], peak[rq]);
                int winner = pHigher ? rp : rq, loser = pHigher ? rq : rp;
                riseAt[peak[loser]] = landscape[peak[loser]] - saddle;
                ended[peak[loser]] = true;
                candidateCount++;
                parent[loser] = winner;
            }
        }
        for (long key : order) {
            int p = (int) key;
            if (parent[p] == p) {
                riseAt[peak[p]] = Float.POSITIVE_INFINITY;
                ended[peak[p]] = true;
            }
        }
        // The candidates in the order the pixels were visited: highest first, ties by smaller index, as higher() has it.
        int[] pixel = new int[candidateCount + count], piece = new int[pixel.length];
        float[] rise = new float[pixel.length];
        int n = 0;
        for (long key : order) {
            int p = (int) key;
            if (ended[p]) {
                pixel[n] = p;
                rise[n] = riseAt[p];
                piece[n++] = find(parent, p);
            }
        }
        pixel = Arrays.copyOf(pixel, n);
        piece = Arrays.copyOf(piece, n);
        rise = Arrays.copyOf(rise, n);
        return new Peaks(w, h, landscape, pixel, rise, piece);
    }

    /**
     * The seeds for {@code parameters}: the candidates that rose more than h, taken from the highest down, skipping any
     * closer than the minimum separation to a seed already taken in the same connected piece of mask; labelled 1..S
     * in that order.
     */
    public static LabelImage seeds(Peaks peaks, SplitParameters parameters) {
        int w = peaks.width;
        int[] labels = new int[w * peaks.height];
        // Accepted seeds of each connected piece of mask, keyed by the piece's union-find root.
        Map<Integer, List<Integer>> acceptedByPiece = new HashMap<>();
        double min2 = parameters.minSeedSeparation() * parameters.minSeedSeparation();
        int next = 0;
        for (int c = 0; c < peaks.candidates.length; c++) {
            if (!(peaks.rises[c] > parameters.h())) {
                continue;
            }
            int s = peaks.candidates[c];
            List<Integer> accepted = acceptedByPiece.computeIfAbsent(peaks.pieces[c], r -> new ArrayList<>());
            boolean tooClose = false;
            for (int a : accepted) {
                double dx = a % w - s % w, dy = a / w - s / w;
                if (dx * dx + dy * dy < min2) {
                    tooClose = true;
                    break;
                }
            }
            if (!tooClose) {
                accepted.add(s);
                labels[s] = ++next;
            }
        }
        return new LabelImage(w, peaks.height, labels);
    }

    /** Higher value first; among equal values the smaller index, matching the order pixels were visited. */
    private static boolean higher(float[] landscape, int a, int b) {
        return landscape[a] > landscape[b] || (landscape[a] == landscape[b] && a < b);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /** Mask pixels no seed could reach (none, unless a blob lost every seed) become objects of their own. */
    private static void labelUnreached(BinaryMask mask, LabelImage flooded, int labelsUsed) {
        boolean[] fg = mask.data();
        int[] l = flooded.data();
        boolean[] unreached = new boolean[fg.length];
        boolean any = false;
        for (int i = 0; i < fg.length; i++) {
            unreached[i] = fg[i] && l[i] == 0;
            any |= unreached[i];
        }
        if (!any) {
            return;
        }
        int[] extra = ConnectedComponents.label(new BinaryMask(mask.width(), mask.height(), unreached)).data();
        for (int i = 0; i < fg.length; i++) {
            if (extra[i] != 0) {
                l[i] = labelsUsed + extra[i];
            }
        }
    }

    private static float max(float[] values) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
