package org.sparsesam.core.tune;

import org.sparsesam.core.SparseSamException;

/**
 * Everything that shapes one run of head tuning, immutable; defaults live in {@link Builder}.
 *
 * @param head            which head to train
 * @param iterations      most Adam steps
 * @param learningRate    Adam's step size; the builder defaults to {@link HeadKind#defaultLearningRate()}
 * @param seed            seeds weight initialization and cell sampling, so runs repeat exactly
 * @param patience        stop when IoU with the pseudo-label has not improved for this many iterations; 0 never stops early
 * @param pseudoLabel     how the probability map and clicks become the training target
 * @param batchCells      confident cells drawn at random per iteration (plus all clicked cells); more than the
 *                        confident cells means all of them
 * @param evaluationCells confident cells, drawn once, on which IoU is measured after each iteration; 0 means all
 * @param hiddenUnits     units per hidden layer of the conv head
 * @param convLayers      2 or 3 layers in the conv head
 */
public record TuneOptions(HeadKind head, int iterations, double learningRate, long seed, int patience,
                          PseudoLabelSettings pseudoLabel, int batchCells, int evaluationCells,
                          int hiddenUnits, int convLayers) {

    public TuneOptions {
        if (head == null) {
            throw new SparseSamException("No head given: use linear or conv.");
        }
        if (iterations < 1) {
            throw new SparseSamException("iterations is " + iterations + ": use 1 or more (or turn tuning off).");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new SparseSamException("learning rate is " + learningRate + ": use a small positive number such as 0.01.");
        }
        if (patience < 0) {
            throw new SparseSamException("patience is " + patience + ": use 0 (never stop early) or more.");
        }
        if (pseudoLabel == null) {
            pseudoLabel = PseudoLabelSettings.defaults();
        }
        if (batchCells < 1) {
            throw new SparseSamException("batch size is " + batchCells + ": use 1 or more cells.");
        }
        if (evaluationCells < 0) {
            throw new SparseSamException("evaluation cells is " + evaluationCells + ": use 0 (all) or more.");
        }
        if (hiddenUnits < 1) {
            throw new SparseSamException("hidden units is " + hiddenUnits + ": use 1 or more (16 is typical).");
        }
        if (convLayers != 2 && convLayers != 3) {
            throw new SparseSamException("conv layers is " + convLayers + ": use 2 or 3.");
        }
    }

    public static TuneOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Most Adam steps of test-time tuning. With the narrow default margins the linear head was still improving at
     * 50 on nearly every MoNuSeg image (the kept iteration was the last), so the cap is 100 and early stopping
     * ({@code patience}) ends the run once the agreement with the pseudo-label stops improving.
     */
    public static final int DEFAULT_ITERATIONS = 100;

    public Builder toBuilder() {
        return new Builder().head(head).iterations(iterations).learningRate(learningRate).seed(seed)
                .patience(patience).pseudoLabel(pseudoLabel).batchCells(batchCells)
                .evaluationCells(evaluationCells).hiddenUnits(hiddenUnits).convLayers(convLayers);
    }

    /** Builder with the defaults in one place. */
    public static final class Builder {
        private HeadKind head = HeadKind.LINEAR;
        private int iterations = DEFAULT_ITERATIONS;
        /** Null until set: then the head kind's own default applies. */
        private Double learningRate;
        private long seed = 1;
        private int patience = 10;
        private PseudoLabelSettings pseudoLabel = PseudoLabelSettings.defaults();
        private int batchCells = 16384;
        private int evaluationCells = 32768;
        private int hiddenUnits = 16;
        private int convLayers = 2;

        public Builder head(HeadKind v) { head = v; return this; }
        public Builder iterations(int v) { iterations = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder pseudoLabel(PseudoLabelSettings v) { pseudoLabel = v; return this; }
        public Builder batchCells(int v) { batchCells = v; return this; }
        public Builder evaluationCells(int v) { evaluationCells = v; return this; }
        public Builder hiddenUnits(int v) { hiddenUnits = v; return this; }
        public Builder convLayers(int v) { convLayers = v; return this; }

        public TuneOptions build() {
            double rate = learningRate != null ? learningRate : head == null ? Double.NaN : head.defaultLearningRate();
            return new TuneOptions(head, iterations, rate, seed, patience, pseudoLabel, batchCells,
                    evaluationCells, hiddenUnits, convLayers);
        }
    }
}
