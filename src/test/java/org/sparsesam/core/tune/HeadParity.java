package org.sparsesam.core.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.sparsesam.core.encode.FeatureGrid;

/** The double per-cell path and the float whole-grid path of a head must give the same logits. */
final class HeadParity {
    private HeadParity() {}

    static void assertSameLogits(Head head, FeatureGrid grid, double tolerance) {
        int n = grid.gridWidth() * grid.gridHeight();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        double[] perCell = new double[n];
        head.forward(grid, all, perCell);
        float[] whole = head.predictLogits(grid).data();
        for (int i = 0; i < n; i++) {
            assertEquals(perCell[i], whole[i], tolerance * Math.max(1, Math.abs(perCell[i])), "cell " + i);
        }
    }
}
