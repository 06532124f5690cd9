package org.sparsesam.core.tune;

/**
 * Weighted binary cross-entropy plus soft Dice, the loss of the published recipe. BCE pulls every cell
 * towards its label; Dice scores the overlap as a whole, which keeps a small foreground from being drowned
 * by a large background. Both use the cell weights: BCE as a weighted mean, Dice over weighted sums
 * (intersection = sum w p t, sizes = sum w p and sum w t), so weight-0 cells count for nothing.
 */
public final class BceDiceLoss {
    /** Added to Dice's numerator and denominator so an empty prediction of an empty target scores 1, not 0/0. */
    static final double DICE_SMOOTHING = 1;

    private final double bceWeight;
    private final double diceWeight;

    public BceDiceLoss(double bceWeight, double diceWeight) {
        this.bceWeight = bceWeight;
        this.diceWeight = diceWeight;
    }

    /** BCE + Dice with equal weight. */
    public BceDiceLoss() {
        this(1, 1);
    }

    /**
     * Returns the loss of {@code logits} against 0/1 {@code targets} with per-cell {@code weights}, and writes
     * d(loss)/d(logit) of every cell to {@code logitGradients}. Sums run in index order: deterministic.
     */
    public double evaluate(double[] logits, float[] targets, float[] weights, double[] logitGradients) {
        int n = logits.length;
        double weightSum = 0, bce = 0, intersection = 0, predicted = 0, actual = 0;
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            double z = logits[i], t = targets[i], w = weights[i];
            p[i] = sigmoid(z);
            weightSum += w;
            // max(z,0) - z t + log(1 + e^-|z|) is -[t log p + (1-t) log(1-p)] without overflow at large |z|.
            bce += w * (Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z))));
            intersection += w * p[i] * t;
            predicted += w * p[i];
            actual += w * t;
        }
        if (weightSum == 0) {
            java.util.Arrays.fill(logitGradients, 0, n, 0);
            return 0;
        }
        double numerator = 2 * intersection + DICE_SMOOTHING;
        double denominator = predicted + actual + DICE_SMOOTHING;
        double dice = numerator / denominator;
        for (int i = 0; i < n; i++) {
            double w = weights[i], t = targets[i];
            double dBceDz = w * (p[i] - t) / weightSum;
            double dDiceDp = (2 * w * t * denominator - numerator * w) / (denominator * denominator);
            double dDiceDz = dDiceDp * p[i] * (1 - p[i]);
            logitGradients[i] = bceWeight * dBceDz - diceWeight * dDiceDz;
        }
        return bceWeight * bce / weightSum + diceWeight * (1 - dice);
    }

    static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }
}
