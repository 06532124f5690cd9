package org.sparsesam.core.tune;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.sparsesam.core.encode.FeatureGrid;

/**
 * Compares a head's analytic parameter gradients with central finite differences, in double. The loss is
 * sum_k c_k * logit_k with random c_k, so d(loss)/d(logit_k) = c_k exercises every cell with a different
 * weight and sign.
 */
final class GradientCheck {
    private static final double STEP = 1e-6;

    private GradientCheck() {}

    /** Asserts agreement for every parameter; returns the number of parameters with a non-zero gradient. */
    static int assertMatches(Head head, FeatureGrid grid, long seed, double tolerance) {
        int cells = grid.gridWidth() * grid.gridHeight();
        int[] all = new int[cells];
        for (int i = 0; i < cells; i++) {
            all[i] = i;
        }
        Random random = new Random(seed);
        double[] coefficients = new double[cells];
        for (int i = 0; i < cells; i++) {
            coefficients[i] = random.nextGaussian();
        }
        double[][] analytic = head.zeroGradients();
        head.accumulateGradients(grid, all, coefficients, analytic);

        double[][] parameters = head.parameters();
        String[] names = head.parameterNames();
        int nonZero = 0;
        for (int g = 0; g < parameters.length; g++) {
            for (int i = 0; i < parameters[g].length; i++) {
                double saved = parameters[g][i];
                parameters[g][i] = saved + STEP;
                double up = loss(head, grid, all, coefficients);
                parameters[g][i] = saved - STEP;
                double down = loss(head, grid, all, coefficients);
                parameters[g][i] = saved;
                double numeric = (up - down) / (2 * STEP);
                double a = analytic[g][i];
                double error = Math.abs(a - numeric) / Math.max(1e-4, Math.abs(a) + Math.abs(numeric));
                assertTrue(error < tolerance, names[g] + "[" + i + "]: analytic " + a + " vs numeric " + numeric);
                if (Math.abs(a) > 1e-9) {
                    nonZero++;
                }
            }
        }
        return nonZero;
    }

    private static double loss(Head head, FeatureGrid grid, int[] cells, double[] coefficients) {
        double[] logits = new double[cells.length];
        head.forward(grid, cells, logits);
        double sum = 0;
        for (int k = 0; k < cells.length; k++) {
            sum += coefficients[k] * logits[k];
        }
        return sum;
    }

    /** Replaces every parameter (biases included, which start at 0) with a random value. */
    static void randomize(Head head, long seed, double scale) {
        Random random = new Random(seed);
        for (double[] group : head.parameters()) {
            for (int i = 0; i < group.length; i++) {
                group[i] = scale * random.nextGaussian();
            }
        }
    }
}
