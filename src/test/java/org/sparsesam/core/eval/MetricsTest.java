package org.sparsesam.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparsesam.core.instance.LabelImage;

class MetricsTest {
    private static final double EPS = 1e-12;

    @Test
    void pixelDiceAndIouOfBooleanMasks() {
        // A = {0,1,2,3}, B = {2,3,4,5}: |A∩B| = 2, |A| = |B| = 4, |A∪B| = 6.
        boolean[] a = {true, true, true, true, false, false};
        boolean[] b = {false, false, true, true, true, true};
        assertEquals(2.0 * 2 / (4 + 4), Metrics.dice(a, b), EPS);
        assertEquals(2.0 / 6, Metrics.iou(a, b), EPS);
        assertTrue(Double.isNaN(Metrics.dice(new boolean[3], new boolean[3])));
    }

    @Test
    void perfectPredictionScoresOneEverywhereWhateverTheLabelValues() {
        LabelImage gt = Labels.of("1100", "1100", "0022");
        LabelImage pred = Labels.of("5500", "5500", "0099");
        ImageMetrics m = Metrics.evaluate(gt, pred, GtKind.INSTANCE);
        assertEquals(1, m.dice(), EPS);
        assertEquals(1, m.iou(), EPS);
        assertEquals(1, m.aji(), EPS);
        assertEquals(1, m.pq(), EPS);
        assertEquals(1, m.glasF1(), EPS);
        assertEquals(1, m.glasObjectDice(), EPS);
        assertEquals(2, m.matches());
    }

    @Test
    void partialOverlapAboveHalfIsAMatch() {
        // G1 = (0,0)(1,0)(0,1)(1,1), area 4. P1 = (0,0)(1,0)(2,0)(0,1), area 4.
        // I = 3, U = 5, IoU = 0.6 > 0.5: TP = 1, FP = FN = 0 -> DQ = 1, SQ = 0.6, PQ = 0.6.
        // AJI = 3 / 5. Pixel Dice = 2*3 / 8 = 0.75.
        LabelImage gt = Labels.of("1100", "1100");
        LabelImage pred = Labels.of("1110", "1000");
        ImageMetrics m = Metrics.evaluate(gt, pred, GtKind.INSTANCE);
        assertEquals(0.75, m.dice(), EPS);
        assertEquals(0.6, m.iou(), EPS);
        assertEquals(0.6, m.aji(), EPS);
        assertEquals(1, m.dq(), EPS);
        assertEquals(0.6, m.sq(), EPS);
        assertEquals(0.6, m.pq(), EPS);
        assertEquals(1, m.f1Iou50(), EPS);
    }

    @Test
    void unmatchedPredictionAddsItsAreaToTheAjiUnion() {
        // G1 area 4 predicted exactly by P1; P2 (area 2) overlaps nothing.
        // AJI: C = 4, U = 4 (G1∪P1) + 2 (unused P2) = 6 -> 2/3.
        // PQ: TP = 1 (IoU 1), FP = 1, FN = 0 -> DQ = 1 / (1 + 0.5) = 2/3, SQ = 1, PQ = 2/3.
        // Pixel: |G| = 4, |P| = 6, I = 4 -> Dice 8/10, IoU 4/6.
        // GlaS F1: P1 covers all of G1 -> TP; P2 -> FP; FN = 1 - 1 = 0 -> 2/(2+1) = 2/3.
        // GlaS object Dice: GT side 1 * Dice(G1,P1)=1; prediction side 4/6 * 1 + 2/6 * 0 = 2/3 -> (1 + 2/3)/2 = 5/6.
        LabelImage gt = Labels.of("110000", "110000");
        LabelImage pred = Labels.of("110022", "110000");
        ImageMetrics m = Metrics.evaluate(gt, pred, GtKind.INSTANCE);
        assertEquals(2.0 / 3, m.aji(), EPS);
        assertEquals(2.0 / 3, m.dq(), EPS);
        assertEquals(1, m.sq(), EPS);
        assertEquals(2.0 / 3, m.pq(), EPS);
        assertEquals(0.8, m.dice(), EPS);
        assertEquals(4.0 / 6, m.iou(), EPS);
        assertEquals(2.0 / 3, m.glasF1(), EPS);
        assertEquals(5.0 / 6, m.glasObjectDice(), EPS);
        assertEquals(1, m.gtObjects());
        assertEquals(2, m.predObjects());
    }

    @Test
    void oneGroundTruthSplitIntoTwoPredictions() {
        // G1 area 8; P1 = left half (4), P2 = right half (4). IoU(G1,P1) = IoU(G1,P2) = 4/8 = 0.5.
        // AJI: tie -> lowest label P1: C = 4, U = 8; P2 unused -> U = 12 -> AJI = 1/3.
        // PQ: 0.5 is not > 0.5 -> TP = 0, FP = 2, FN = 1 -> DQ = 0, SQ = 0, PQ = 0.
        // Pixel Dice = 1 (the union of the halves is G1).
        // GlaS F1: each half covers exactly half of G1, not more -> TP = 0, FP = 2, FN = 1 -> 0.
        // GlaS object Dice: Dice(G1,P1) = 8/12; GT side 1 * 2/3; prediction side 1/2 * 2/3 + 1/2 * 2/3 -> 2/3.
        LabelImage gt = Labels.of("1111", "1111");
        LabelImage pred = Labels.of("1122", "1122");
        ImageMetrics m = Metrics.evaluate(gt, pred, GtKind.INSTANCE);
        assertEquals(1.0 / 3, m.aji(), EPS);
        assertEquals(0, m.pq(), EPS);
        assertEquals(0, m.dq(), EPS);
        assertEquals(0, m.sq(), EPS);
        assertEquals(1, m.dice(), EPS);
        assertEquals(0, m.glasF1(), EPS);
        assertEquals(2.0 / 3, m.glasObjectDice(), EPS);
        PanopticQuality pq = Metrics.panoptic(gt, pred);
        assertEquals(0, pq.truePositives());
        assertEquals(2, pq.falsePositives());
        assertEquals(1, pq.falseNegatives());
    }

    @Test
    void twoGroundTruthsMergedIntoOnePredictionReuseIt() {
        // G1, G2 area 4 each; P1 area 8 covers both. IoU(G1,P1) = IoU(G2,P1) = 4/8.
        // AJI (prediction reused): G1: C += 4, U += 8; G2: C += 4, U += 8 -> 8/16 = 0.5.
        // PQ: no IoU > 0.5 -> TP = 0, FP = 1, FN = 2 -> 0.
        // GlaS F1: P1's best GT is G1 (tie, lowest label), covered fully -> TP = 1, FP = 0, FN = 2 - 1 = 1 -> 2/3.
        // GlaS object Dice: Dice(Gi,P1) = 8/12 for both; GT side 2/3, prediction side 2/3 -> 2/3.
        LabelImage gt = Labels.of("1122", "1122");
        LabelImage pred = Labels.of("1111", "1111");
        ImageMetrics m = Metrics.evaluate(gt, pred, GtKind.INSTANCE);
        assertEquals(0.5, m.aji(), EPS);
        assertEquals(0, m.pq(), EPS);
        assertEquals(2.0 / 3, m.glasF1(), EPS);
        assertEquals(2.0 / 3, m.glasObjectDice(), EPS);
        assertEquals(1, m.dice(), EPS);
    }

    @Test
    void groundTruthOverlappingNothingAddsOnlyItsOwnArea() {
        // G1 (area 2) matched exactly by P1; G2 (area 2) overlaps nothing.
        // AJI: C = 2, U = 2 + 2 = 4 -> 0.5. PQ: TP 1, FN 1 -> DQ = 1/1.5, SQ = 1.
        LabelImage gt = Labels.of("1102");
        LabelImage gt2 = Labels.of("1100", "0022");
        LabelImage pred2 = Labels.of("1100", "0000");
        assertEquals(0.5, Metrics.aji(gt2, pred2), EPS);
        assertEquals(2.0 / 3, Metrics.panoptic(gt2, pred2).pq(), EPS);
        assertEquals(2.0 / 3, Metrics.objectF1(gt2, pred2), EPS);
        // Single-row variant: G1 area 2, G2 area 1, prediction empty -> C = 0, U = 3.
        assertEquals(0, Metrics.aji(gt, Labels.of("0000")), EPS);
    }

    @Test
    void emptyPredictionScoresZero() {
        LabelImage gt = Labels.of("0110", "0110");
        LabelImage pred = Labels.of("0000", "0000");
        // C = 0, U = 4 -> AJI 0; TP 0, FN 1 -> DQ 0 / 0.5 = 0; Dice 0 / 4 = 0.
        ImageMetrics m = Metrics.evaluate(gt, pred, GtKind.INSTANCE);
        assertEquals(0, m.aji(), EPS);
        assertEquals(0, m.pq(), EPS);
        assertEquals(0, m.dice(), EPS);
        assertEquals(0, m.iou(), EPS);
        assertEquals(0, m.glasF1(), EPS);
        assertEquals(0, m.glasObjectDice(), EPS);
    }

    @Test
    void bothEmptyIsUndefined() {
        LabelImage empty = Labels.of("000", "000");
        ImageMetrics m = Metrics.evaluate(empty, empty, GtKind.INSTANCE);
        for (double v : new double[] {m.dice(), m.iou(), m.aji(), m.pq(), m.dq(), m.sq(), m.glasF1(), m.glasObjectDice()}) {
            assertTrue(Double.isNaN(v));
        }
    }

    @Test
    void binaryGroundTruthLeavesInstanceMetricsOut() {
        LabelImage mask = Labels.of("1100", "1100");
        ImageMetrics m = Metrics.evaluate(mask, mask, GtKind.BINARY);
        assertEquals(1, m.dice(), EPS);
        assertEquals(1, m.glasF1(), EPS);
        assertTrue(Double.isNaN(m.aji()));
        assertTrue(Double.isNaN(m.pq()));
        assertTrue(Double.isNaN(m.f1Iou50()));
    }

    @Test
    void manyObjectsOnAMegapixelMatchTheirOwnCopy() {
        // 400 squares of 40x40 on a 1000x1000 grid (20x20 of them, 50 px apart), shifted by 4 px in the prediction.
        // Each pair: I = 36*40 = 1440, U = 2*1600 - 1440 = 1760, IoU = 0.8182 -> all 400 match.
        int w = 1000;
        int[] g = new int[w * w];
        int[] p = new int[w * w];
        for (int oy = 0; oy < 20; oy++) {
            for (int ox = 0; ox < 20; ox++) {
                int label = oy * 20 + ox + 1;
                for (int y = 0; y < 40; y++) {
                    for (int x = 0; x < 40; x++) {
                        g[(oy * 50 + y) * w + ox * 50 + x] = label;
                        p[(oy * 50 + y) * w + ox * 50 + x + 4] = label;
                    }
                }
            }
        }
        PanopticQuality pq = Metrics.panoptic(new LabelImage(w, w, g), new LabelImage(w, w, p));
        assertEquals(400, pq.truePositives());
        assertEquals(1440.0 / 1760, pq.sq(), 1e-12);
        assertEquals(1440.0 / 1760, Metrics.aji(new LabelImage(w, w, g), new LabelImage(w, w, p)), 1e-12);
    }
}
