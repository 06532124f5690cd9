package org.sparsesam.core.eval;

import org.sparsesam.core.instance.LabelImage;

/**
 * Segmentation scores of a prediction against ground truth. Every object metric reads one
 * {@link OverlapTable} (built in a single pass over the pixels), never scans pixels per object.
 * Arguments are always (ground truth, prediction), both instance labels: 0 background, each other value
 * one object. Binary ground truth must be split into connected components first ({@link GroundTruth#objects}).
 * Undefined cases (both masks empty) give {@code NaN}, which summaries leave out.
 */
public final class Metrics {
    /** Kirillov et al.: above this IoU a match is unique, so matching needs no assignment step. */
    static final double MATCH_IOU = 0.5;

    private Metrics() {}

    /** All scores of one image. For {@link GtKind#BINARY} the instance-only scores are NaN. */
    public static ImageMetrics evaluate(LabelImage groundTruthObjects, LabelImage prediction, GtKind kind) {
        OverlapTable t = new OverlapTable(groundTruthObjects, prediction);
        PanopticQuality pq = panoptic(t);
        ImageMetrics all = new ImageMetrics(dice(t), iou(t), aji(t), pq.pq(), pq.dq(), pq.sq(), pq.dq(),
                glasObjectF1(t), glasObjectDice(t), t.gtCount(), t.predCount(), pq.truePositives());
        return kind == GtKind.BINARY ? all.withoutInstanceMetrics() : all;
    }

    /** Pixel Dice 2|A∩B| / (|A|+|B|) of two masks of equal length; NaN when both are empty. */
    public static double dice(boolean[] a, boolean[] b) {
        long[] c = counts(a, b);
        return ratio(2 * c[0], c[1] + c[2]);
    }

    /** Pixel IoU |A∩B| / |A∪B| of two masks of equal length; NaN when both are empty. */
    public static double iou(boolean[] a, boolean[] b) {
        long[] c = counts(a, b);
        return ratio(c[0], c[1] + c[2] - c[0]);
    }

    public static double aji(LabelImage groundTruth, LabelImage prediction) {
        return aji(new OverlapTable(groundTruth, prediction));
    }

    public static PanopticQuality panoptic(LabelImage groundTruth, LabelImage prediction) {
        return panoptic(new OverlapTable(groundTruth, prediction));
    }

    /** Object F1 with a match at IoU &gt; 0.5; the same number as panoptic detection quality. */
    public static double objectF1(LabelImage groundTruth, LabelImage prediction) {
        return panoptic(new OverlapTable(groundTruth, prediction)).dq();
    }

    public static double glasObjectF1(LabelImage groundTruth, LabelImage prediction) {
        return glasObjectF1(new OverlapTable(groundTruth, prediction));
    }

    public static double glasObjectDice(LabelImage groundTruth, LabelImage prediction) {
        return glasObjectDice(new OverlapTable(groundTruth, prediction));
    }

    static double dice(OverlapTable t) {
        return ratio(2 * foregroundIntersection(t), t.totalGtArea() + t.totalPredArea());
    }

    static double iou(OverlapTable t) {
        long inter = foregroundIntersection(t);
        return ratio(inter, t.totalGtArea() + t.totalPredArea() - inter);
    }

    /**
     * Aggregated Jaccard Index (Kumar et al. 2017) in the variant of HoVer-Net's {@code get_fast_aji}
     * (Graham et al. 2019): each ground-truth object takes the prediction of highest IoU (ties: lowest label),
     * adding the intersection to C and the union to U; a prediction may be taken by several ground-truth
     * objects (as in the original definition); a ground-truth object that overlaps no prediction adds only
     * its own area to U (the original MATLAB code would pair it with an arbitrary prediction); every
     * prediction taken by nobody adds its area to U. AJI = C / U.
     */
    static double aji(OverlapTable t) {
        long c = 0;
        long u = 0;
        boolean[] used = new boolean[t.predCount()];
        for (int i = 0; i < t.gtCount(); i++) {
            int best = -1;
            double bestIou = -1;
            for (int n = t.gtPairsStart(i); n < t.gtPairsEnd(i); n++) {
                double iou = t.pairIou(n);
                if (iou > bestIou) {
                    bestIou = iou;
                    best = n;
                }
            }
            if (best < 0) {
                u += t.gtArea(i);
                continue;
            }
            long inter = t.pairIntersection(best);
            int j = t.pairPred(best);
            c += inter;
            u += t.gtArea(i) + t.predArea(j) - inter;
            used[j] = true;
        }
        for (int j = 0; j < t.predCount(); j++) {
            if (!used[j]) {
                u += t.predArea(j);
            }
        }
        return ratio(c, u);
    }

    /**
     * Panoptic quality (Kirillov et al. 2019): pairs with IoU &gt; 0.5 are true positives (unique without
     * any assignment, since two objects cannot both overlap one object by more than half its union);
     * DQ = TP / (TP + FP/2 + FN/2), SQ = mean IoU of the true positives (0 when there are none), PQ = DQ * SQ.
     */
    static PanopticQuality panoptic(OverlapTable t) {
        int tp = 0;
        double iouSum = 0;
        for (int n = 0; n < t.pairCount(); n++) {
            double iou = t.pairIou(n);
            if (iou > MATCH_IOU) {
                tp++;
                iouSum += iou;
            }
        }
        int fp = t.predCount() - tp;
        int fn = t.gtCount() - tp;
        if (t.gtCount() == 0 && t.predCount() == 0) {
            return new PanopticQuality(Double.NaN, Double.NaN, Double.NaN, 0, 0, 0);
        }
        double dq = tp / (tp + 0.5 * fp + 0.5 * fn);
        double sq = tp == 0 ? 0 : iouSum / tp;
        return new PanopticQuality(dq * sq, dq, sq, tp, fp, fn);
    }

    /**
     * Object F1 of the GlaS challenge (Sirinukunwattana et al. 2017), approximate on binary masks because
     * touching glands merge into one component: a predicted object is a true positive when it covers more
     * than half of the ground-truth object it overlaps most; FN = ground-truth objects - TP, as in the
     * challenge's evaluation code (which scores two empty masks 1; here that case is NaN like every metric).
     */
    static double glasObjectF1(OverlapTable t) {
        if (t.gtCount() == 0 && t.predCount() == 0) {
            return Double.NaN;
        }
        int[] bestGtOfPred = bestGtOfEachPrediction(t);
        int tp = 0;
        for (int j = 0; j < t.predCount(); j++) {
            int n = bestGtOfPred[j];
            if (n >= 0 && 2 * t.pairIntersection(n) > t.gtArea(t.pairGt(n))) {
                tp++;
            }
        }
        int fp = t.predCount() - tp;
        int fn = Math.max(0, t.gtCount() - tp);
        return ratio(2L * tp, 2L * tp + fp + fn);
    }

    /**
     * Object Dice of the GlaS challenge: half the sum of (a) each ground-truth object's Dice with the
     * prediction it overlaps most, weighted by its share of ground-truth area, and (b) each prediction's Dice
     * with the ground-truth object it overlaps most, weighted by its share of predicted area. An object that
     * overlaps nothing scores 0.
     */
    static double glasObjectDice(OverlapTable t) {
        if (t.gtCount() == 0 && t.predCount() == 0) {
            return Double.NaN;
        }
        double gtSide = 0;
        long gtTotal = t.totalGtArea();
        for (int i = 0; i < t.gtCount(); i++) {
            int best = -1;
            for (int n = t.gtPairsStart(i); n < t.gtPairsEnd(i); n++) {
                if (best < 0 || t.pairIntersection(n) > t.pairIntersection(best)) {
                    best = n;
                }
            }
            if (best >= 0) {
                gtSide += (double) t.gtArea(i) / gtTotal * pairDice(t, best);
            }
        }
        double predSide = 0;
        long predTotal = t.totalPredArea();
        int[] bestGtOfPred = bestGtOfEachPrediction(t);
        for (int j = 0; j < t.predCount(); j++) {
            if (bestGtOfPred[j] >= 0) {
                predSide += (double) t.predArea(j) / predTotal * pairDice(t, bestGtOfPred[j]);
            }
        }
        return 0.5 * (gtSide + predSide);
    }

    private static double pairDice(OverlapTable t, int n) {
        return 2.0 * t.pairIntersection(n) / (t.gtArea(t.pairGt(n)) + t.predArea(t.pairPred(n)));
    }

    /** For each prediction, the pair index of its largest intersection (ties: lowest ground-truth label), or -1. */
    private static int[] bestGtOfEachPrediction(OverlapTable t) {
        int[] best = new int[t.predCount()];
        java.util.Arrays.fill(best, -1);
        // Pairs are sorted by ground truth, so a strict '>' keeps the lowest ground-truth label on ties.
        for (int n = 0; n < t.pairCount(); n++) {
            int j = t.pairPred(n);
            if (best[j] < 0 || t.pairIntersection(n) > t.pairIntersection(best[j])) {
                best[j] = n;
            }
        }
        return best;
    }

    private static long foregroundIntersection(OverlapTable t) {
        long sum = 0;
        for (int n = 0; n < t.pairCount(); n++) {
            sum += t.pairIntersection(n);
        }
        return sum;
    }

    private static long[] counts(boolean[] a, boolean[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("masks differ in size: " + a.length + " vs " + b.length + " pixels");
        }
        long both = 0, inA = 0, inB = 0;
        for (int k = 0; k < a.length; k++) {
            if (a[k]) {
                inA++;
                if (b[k]) {
                    both++;
                }
            }
            if (b[k]) {
                inB++;
            }
        }
        return new long[] {both, inA, inB};
    }

    private static double ratio(double numerator, double denominator) {
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }
}
