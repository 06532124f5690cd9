package org.sparsesam.core.prompt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sparsesam.core.instance.BinaryMask;
import org.sparsesam.core.instance.DistanceTransform;
import org.sparsesam.core.instance.LabelImage;

/**
 * Decoder prompts from the objects of a label image, following the training-free recipe of "No More
 * Training" (SAM prompted from a coarse mask): the object's tight box, positive points spread over its
 * interior, and negative points just outside it, within a margin around its box. Deterministic: the same
 * labels always give the same prompts.
 *
 * <p>Positives: the most interior pixel first (the maximum of the distance to the object's border), then
 * farthest-point sampling over the inner half of the object (distance at least half the maximum), each new
 * point at least one inscribed radius from the others. A round object thus gets one positive, an elongated
 * one (a gland) several along its length. Negatives: pixels outside the object, at least {@code gap} pixels
 * from it, inside the box grown by {@code margin} of its longer side; the nearest such pixel first (it
 * tells the decoder where the object stops), then farthest-point sampling around the object.
 */
public final class MaskPrompts {

    /**
     * @param positives most positive points per object
     * @param negatives most negative points per object (0 for none)
     * @param margin    how far around the box negatives may lie, as a fraction of the box's longer side
     * @param gap       smallest distance of a negative point from the object, in pixels
     */
    public record Settings(int positives, int negatives, double margin, double gap) {
        public Settings {
            if (positives < 1 || negatives < 0 || !(margin >= 0) || !(gap >= 1)) {
                throw new IllegalArgumentException("positives >= 1, negatives >= 0, margin >= 0, gap >= 1");
            }
        }

        public static Settings defaults() {
            return new Settings(3, 4, 0.25, 2);
        }
    }

    private final Settings settings;

    public MaskPrompts(Settings settings) {
        this.settings = settings;
    }

    /** One prompt per object present, in label order. */
    public List<RegionPrompt> fromLabels(LabelImage labels) {
        int w = labels.width(), h = labels.height();
        int n = labels.maxLabel();
        int[] x0 = new int[n + 1], y0 = new int[n + 1], x1 = new int[n + 1], y1 = new int[n + 1];
        Arrays.fill(x0, Integer.MAX_VALUE);
        Arrays.fill(y0, Integer.MAX_VALUE);
        Arrays.fill(x1, -1);
        Arrays.fill(y1, -1);
        int[] data = labels.data();
        for (int i = 0; i < data.length; i++) {
            int v = data[i];
            if (v > 0) {
                int x = i % w, y = i / w;
                x0[v] = Math.min(x0[v], x);
                y0[v] = Math.min(y0[v], y);
                x1[v] = Math.max(x1[v], x);
                y1[v] = Math.max(y1[v], y);
            }
        }
        List<RegionPrompt> prompts = new ArrayList<>();
        for (int v = 1; v <= n; v++) {
            if (x1[v] >= 0) {
                prompts.add(prompt(labels, v, x0[v], y0[v], x1[v], y1[v]));
            }
        }
        return prompts;
    }

    private RegionPrompt prompt(LabelImage labels, int label, int bx0, int by0, int bx1, int by1) {
        return new RegionPrompt(label, positives(labels, label, bx0, by0, bx1, by1), negatives(labels, label, bx0, by0, bx1, by1),
                bx0, by0, bx1, by1);
    }

    private List<Point> positives(LabelImage labels, int label, int bx0, int by0, int bx1, int by1) {
        int cw = bx1 - bx0 + 1, ch = by1 - by0 + 1;
        BinaryMask object = crop(labels, label, bx0, by0, cw, ch);
        // Pixels beyond the box are not the object, so the crop's outside counts as background.
        float[] depth = DistanceTransform.euclidean(object).data();
        int first = 0;
        for (int i = 1; i < depth.length; i++) {
            if (depth[i] > depth[first]) {
                first = i;
            }
        }
        float inscribed = depth[first];
        boolean[] eligible = new boolean[depth.length];
        for (int i = 0; i < depth.length; i++) {
            eligible[i] = depth[i] >= Math.max(1f, 0.5f * inscribed);
        }
        List<Integer> chosen = farthestPoints(eligible, cw, first, settings.positives(), Math.max(2.0, inscribed));
        return toPoints(chosen, cw, bx0, by0, true);
    }

    private List<Point> negatives(LabelImage labels, int label, int bx0, int by0, int bx1, int by1) {
        if (settings.negatives() == 0) {
            return List.of();
        }
        int margin = (int) Math.max(Math.ceil(settings.gap()) + 1, Math.ceil(settings.margin() * Math.max(bx1 - bx0 + 1, by1 - by0 + 1)));
        int ex0 = Math.max(0, bx0 - margin), ey0 = Math.max(0, by0 - margin);
        int ex1 = Math.min(labels.width() - 1, bx1 + margin), ey1 = Math.min(labels.height() - 1, by1 + margin);
        int cw = ex1 - ex0 + 1, ch = ey1 - ey0 + 1;
        BinaryMask outside = crop(labels, label, ex0, ey0, cw, ch).inverted();
        // Distance of every outside pixel to the object; the object may go on beyond this crop only where it
        // does not (the crop holds the whole box), so the crop's border is not a boundary.
        float[] away = DistanceTransform.euclidean(outside, false).data();
        boolean[] eligible = new boolean[away.length];
        int nearest = -1;
        for (int i = 0; i < away.length; i++) {
            eligible[i] = away[i] >= settings.gap();
            if (eligible[i] && (nearest < 0 || away[i] < away[nearest])) {
                nearest = i;
            }
        }
        if (nearest < 0) {
            return List.of(); // the object fills its surroundings: nothing outside to point at
        }
        List<Integer> chosen = farthestPoints(eligible, cw, nearest, settings.negatives(), settings.gap());
        return toPoints(chosen, cw, ex0, ey0, false);
    }

    /**
     * Greedy farthest-point sampling: from {@code first}, repeatedly the eligible pixel farthest from every
     * point chosen so far (the first in raster order on ties), until {@code count} points or until the
     * farthest is closer than {@code spacing}.
     */
    static List<Integer> farthestPoints(boolean[] eligible, int width, int first, int count, double spacing) {
        List<Integer> chosen = new ArrayList<>();
        chosen.add(first);
        double[] nearestSq = new double[eligible.length];
        Arrays.fill(nearestSq, Double.POSITIVE_INFINITY);
        int last = first;
        while (chosen.size() < count) {
            int lx = last % width, ly = last / width;
            int best = -1;
            for (int i = 0; i < eligible.length; i++) {
                if (!eligible[i]) {
                    continue;
                }
                double dx = i % width - lx, dy = i / width - ly;
                nearestSq[i] = Math.min(nearestSq[i], dx * dx + dy * dy);
                if (best < 0 || nearestSq[i] > nearestSq[best]) {
                    best = i;
                }
            }
            if (best < 0 || Math.sqrt(nearestSq[best]) < spacing) {
                break;
            }
            chosen.add(best);
            last = best;
        }
        return chosen;
    }

    private static BinaryMask crop(LabelImage labels, int label, int x0, int y0, int cw, int ch) {
        boolean[] m = new boolean[cw * ch];
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                m[y * cw + x] = labels.get(x0 + x, y0 + y) == label;
            }
        }
        return new BinaryMask(cw, ch, m);
    }

    private static List<Point> toPoints(List<Integer> indices, int width, int x0, int y0, boolean foreground) {
        List<Point> points = new ArrayList<>();
        for (int i : indices) {
            double x = x0 + i % width, y = y0 + i / width;
            points.add(foreground ? Point.fg(x, y) : Point.bg(x, y));
        }
        return points;
    }
}
