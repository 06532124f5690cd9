package org.sparsesam.core.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.image.FloatPlane;

class LinearHeadTest {

    @Test
    void gradientsMatchFiniteDifferences() {
        FeatureGrid grid = SyntheticGrids.random(5, 4, 3, 11);
        Head head = new LinearHead(FeatureStandardization.of(grid), new Random(1));
        GradientCheck.randomize(head, 2, 1);
        int nonZero = GradientCheck.assertMatches(head, grid, 3, 1e-6);
        assertEquals(4, nonZero, "every weight and the bias get a gradient");
    }

    @Test
    void logitIsTheHandComputedDotProduct() {
        // Two cells, two channels, no standardization: logit = 2*f0 - 1*f1 + 0.5.
        FloatPlane f0 = new FloatPlane(2, 1, new float[] {1, 3});
        FloatPlane f1 = new FloatPlane(2, 1, new float[] {4, -2});
        FeatureGrid grid = new FeatureGrid(new FloatPlane[] {f0, f1}, new String[] {"a", "b"}, 1, 2, 1);
        Head head = new LinearHead(FeatureStandardization.identity(2), new Random(1));
        double[][] p = head.parameters();
        p[0][0] = 2;
        p[0][1] = -1;
        p[1][0] = 0.5;
        double[] logits = new double[2];
        head.forward(grid, new int[] {0, 1}, logits);
        assertArrayEquals(new double[] {2 - 4 + 0.5, 6 + 2 + 0.5}, logits, 1e-12);
        assertArrayEquals(new float[] {-1.5f, 8.5f}, head.predictLogits(grid).data(), 1e-6f);
    }

    @Test
    void wholeGridPredictionMatchesThePerCellPath() {
        FeatureGrid grid = SyntheticGrids.random(37, 23, 6, 5);
        Head head = new LinearHead(FeatureStandardization.of(grid), new Random(4));
        GradientCheck.randomize(head, 6, 1);
        HeadParity.assertSameLogits(head, grid, 1e-4);
    }

    @Test
    void copyIsIndependent() {
        FeatureGrid grid = SyntheticGrids.random(4, 4, 2, 1);
        Head head = new LinearHead(FeatureStandardization.of(grid), new Random(1));
        Head copy = head.copy();
        float[] before = copy.predictLogits(grid).data();
        head.parameters()[0][0] += 1;
        assertArrayEquals(before, copy.predictLogits(grid).data());
    }

    @Test
    void refusesAGridWithOtherChannels() {
        Head head = new LinearHead(FeatureStandardization.identity(3), new Random(1));
        FeatureGrid grid = SyntheticGrids.random(4, 4, 2, 1);
        assertThrows(IllegalArgumentException.class, () -> head.predictLogits(grid));
    }
}
