package org.sparsesam.core.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.image.FloatPlane;

class ConvHeadTest {

    @Test
    void twoLayerGradientsMatchFiniteDifferences() {
        // 5x4 cells: every cell touches the zero padding or sits next to a cell that does.
        FeatureGrid grid = SyntheticGrids.random(5, 4, 3, 21);
        ConvHead head = new ConvHead(FeatureStandardization.of(grid), 4, 2, new Random(1));
        GradientCheck.randomize(head, 2, 0.5);
        int nonZero = GradientCheck.assertMatches(head, grid, 3, 1e-6);
        int total = 3 * 9 * 4 + 4 + 4 + 1;
        // Units that are off at every cell get no gradient; most must be on or the check proves little.
        assertTrue(nonZero > total * 3 / 4, nonZero + " of " + total + " parameters have a gradient");
    }

    @Test
    void threeLayerGradientsMatchFiniteDifferences() {
        FeatureGrid grid = SyntheticGrids.random(5, 4, 3, 22);
        ConvHead head = new ConvHead(FeatureStandardization.of(grid), 4, 3, new Random(1));
        GradientCheck.randomize(head, 7, 0.5);
        int nonZero = GradientCheck.assertMatches(head, grid, 8, 1e-6);
        int total = 3 * 9 * 4 + 4 + 4 * 4 + 4 + 4 + 1;
        assertTrue(nonZero > total / 2, nonZero + " of " + total + " parameters have a gradient");
    }

    @Test
    void logitIsTheHandComputedConvolutionWithZeroPadding() {
        // One channel, one hidden unit with all nine taps = 1, bias 0, output weight 1: the logit is the
        // 3x3 sum around the cell, with cells outside the grid counting 0.
        float[] values = {1, 2, 3, 4, 5, 6}; // 3 wide, 2 high
        FeatureGrid grid = new FeatureGrid(new FloatPlane[] {new FloatPlane(3, 2, values)}, new String[] {"v"}, 1, 3, 2);
        ConvHead head = new ConvHead(FeatureStandardization.identity(1), 1, 2, new Random(1));
        double[][] p = head.parameters();
        java.util.Arrays.fill(p[0], 1);
        p[1][0] = 0;
        p[2][0] = 1;
        p[3][0] = 0;
        double[] logits = new double[6];
        head.forward(grid, new int[] {0, 1, 2, 3, 4, 5}, logits);
        double[] expected = {1 + 2 + 4 + 5, 21, 2 + 3 + 5 + 6, 12, 21, 16};
        assertArrayEquals(expected, logits, 1e-12);
        assertArrayEquals(new float[] {12, 21, 16, 12, 21, 16}, head.predictLogits(grid).data(), 1e-5f);
    }

    @Test
    void wholeGridPredictionMatchesThePerCellPath() {
        FeatureGrid grid = SyntheticGrids.random(41, 29, 7, 5);
        for (int layers = 2; layers <= 3; layers++) {
            ConvHead head = new ConvHead(FeatureStandardization.of(grid), 8, layers, new Random(layers));
            GradientCheck.randomize(head, 6, 0.3);
            HeadParity.assertSameLogits(head, grid, 1e-4);
        }
    }

    @Test
    void copyIsIndependent() {
        FeatureGrid grid = SyntheticGrids.random(6, 6, 2, 1);
        Head head = new ConvHead(FeatureStandardization.of(grid), 4, 3, new Random(1));
        Head copy = head.copy();
        float[] before = copy.predictLogits(grid).data();
        for (double[] group : head.parameters()) {
            group[0] += 1;
        }
        assertArrayEquals(before, copy.predictLogits(grid).data());
        assertEquals(6, copy.parameters().length);
    }
}
