package org.sparsesam.core.tune.sam;

import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.tune.PseudoLabelSettings;

/**
 * How SAM's mask decoder is fine-tuned on one image.
 *
 * @param iterations   most Adam steps
 * @param learningRate Adam's step size; 1e-4 is the usual rate for fine-tuning SAM's decoder
 * @param patience     stop when IoU with the pseudo-label has not improved for this many iterations; 0 never stops early
 * @param pseudoLabel  margins and click weight of the pseudo-label; the click radius counts low-resolution mask
 *                     cells (4 input pixels each in SAM)
 */
public record SamTuneOptions(int iterations, double learningRate, int patience, PseudoLabelSettings pseudoLabel) {
    public static final double DEFAULT_LEARNING_RATE = 1e-4;

    public SamTuneOptions {
        if (iterations < 1) {
            throw new SparseSamException("iterations is " + iterations + ": use 1 or more (or turn tuning off).");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new SparseSamException("learning rate is " + learningRate + ": use a small positive number such as 0.0001.");
        }
        if (patience < 0) {
            throw new SparseSamException("patience is " + patience + ": use 0 (never stop early) or more.");
        }
        if (pseudoLabel == null) {
            pseudoLabel = PseudoLabelSettings.defaults();
        }
    }

    public static SamTuneOptions of(int iterations, double learningRate) {
        return new SamTuneOptions(iterations, learningRate, 10, PseudoLabelSettings.defaults());
    }
}
