package org.sparsesam.core.refine;

import java.util.ArrayList;
import java.util.List;

/**
 * Containment-aware soft non-maximum suppression over decoder masks, as SPROUT (2025) resolves SAM's
 * overlapping answers. Overlap is the larger of IoU and intersection over the smaller mask, so a mask
 * nested inside another (a nucleus inside the gland mask that also holds it, half a nucleus) overlaps it
 * fully although their IoU is small. The best-scored mask is kept, every other mask's score decays by
 * {@code exp(-overlap^2 / sigma)} (Gaussian soft-NMS, Bodla et al. 2017), and a mask whose score has
 * decayed below {@code minDecay} of its own is removed; repeat with the best remaining. A duplicate or a
 * nested mask (overlap 1) decays to {@code exp(-1 / sigma)} in one step; masks that merely touch hardly decay.
 *
 * <p>Scores are the decoder's predicted IoU, in [0, 1] for a trained model; a negative or NaN one (an
 * untrained model can give them) counts as 0, ties go to the earlier prompt, so the order is deterministic.
 *
 * @param sigma    width of the Gaussian decay
 * @param minDecay fraction of its own score under which a mask is removed
 */
public record ContainmentNms(double sigma, double minDecay) {

    public ContainmentNms {
        if (!(sigma > 0) || !(minDecay > 0 && minDecay < 1)) {
            throw new IllegalArgumentException("sigma > 0 and 0 < minDecay < 1");
        }
    }

    /** sigma 0.5, minDecay 0.5: removes masks that overlap a better one by more than about 0.59. */
    public static ContainmentNms defaults() {
        return new ContainmentNms(0.5, 0.5);
    }

    /** Overlap of two masks: max(IoU, intersection / smaller area); 0 when either is empty. */
    public static double overlap(MaskCandidate a, MaskCandidate b) {
        return a.boxesMeet(b) ? overlap(a, b, a.area(), b.area()) : 0;
    }

    private static double overlap(MaskCandidate a, MaskCandidate b, int areaA, int areaB) {
        int inter = a.intersection(b);
        if (inter == 0) {
            return 0;
        }
        double iou = inter / (double) (areaA + areaB - inter);
        double containment = inter / (double) Math.min(areaA, areaB);
        return Math.max(iou, containment);
    }

    /** Indices of the masks kept, best first. */
    public List<Integer> select(List<MaskCandidate> candidates) {
        int n = candidates.size();
        double[] base = new double[n], decay = new double[n];
        boolean[] open = new boolean[n];
        int[] area = new int[n];
        for (int i = 0; i < n; i++) {
            area[i] = candidates.get(i).area();
            float s = candidates.get(i).score();
            base[i] = s > 0 ? s : 0; // NaN too
            decay[i] = 1;
            open[i] = true;
        }
        List<Integer> kept = new ArrayList<>();
        while (true) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (open[i] && (best < 0 || base[i] * decay[i] > base[best] * decay[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                return kept;
            }
            open[best] = false;
            kept.add(best);
            for (int i = 0; i < n; i++) {
                MaskCandidate winner = candidates.get(best), other = candidates.get(i);
                if (open[i] && winner.boxesMeet(other)) {
                    double o = overlap(winner, other, area[best], area[i]);
                    decay[i] *= Math.exp(-o * o / sigma);
                    if (decay[i] < minDecay) {
                        open[i] = false;
                    }
                }
            }
        }
    }
}
