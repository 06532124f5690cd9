package org.sparsesam.core.tune;

import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.image.FloatPlane;

/**
 * A small trainable model on a frozen feature grid that outputs one foreground logit per cell.
 * Cells are addressed by index {@code gy * gridWidth + gx}. Training goes through {@link #forward} and
 * {@link #accumulateGradients}, which work on any subset of cells (a batch) in double precision; whole-grid
 * prediction goes through {@link #predictLogits}, a faster float path that gives the same logits to about 1e-5.
 * Implementations must give the same result however many threads run them.
 */
public interface Head {

    /** Feature channels the head expects. */
    int inputChannels();

    /**
     * The trainable parameters, grouped (weights, biases, ...) in a fixed order. These are the live arrays:
     * an optimizer updates them in place.
     */
    double[][] parameters();

    /** One name per parameter group, in the order of {@link #parameters()}, for logs and messages. */
    String[] parameterNames();

    /** Writes the logit of {@code cells[n]} to {@code logits[n]} for every n. */
    void forward(FeatureGrid grid, int[] cells, double[] logits);

    /**
     * Adds d(loss)/d(parameter) to {@code gradients} (shaped like {@link #parameters()}), given
     * d(loss)/d(logit) of every listed cell in {@code logitGradients}.
     */
    void accumulateGradients(FeatureGrid grid, int[] cells, double[] logitGradients, double[][] gradients);

    /** Logits of every cell of the grid. */
    FloatPlane predictLogits(FeatureGrid grid);

    /** An independent copy: later training of either does not touch the other. */
    Head copy();

    /** Sigmoid of {@link #predictLogits}: the foreground probability of every cell. */
    default FloatPlane predictProbability(FeatureGrid grid) {
        FloatPlane logits = predictLogits(grid);
        float[] v = logits.data();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (1 / (1 + Math.exp(-v[i])));
        }
        return logits;
    }

    /** Zeroed arrays shaped like {@link #parameters()}, to accumulate gradients into. */
    default double[][] zeroGradients() {
        double[][] p = parameters();
        double[][] g = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            g[i] = new double[p[i].length];
        }
        return g;
    }
}
