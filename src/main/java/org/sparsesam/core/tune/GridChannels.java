package org.sparsesam.core.tune;

import org.sparsesam.core.encode.FeatureGrid;

/** The raw channel arrays of a grid, after checking that a head built for {@code expected} channels fits it. */
final class GridChannels {
    private GridChannels() {}

    static float[][] of(FeatureGrid grid, int expected) {
        if (grid.channelCount() != expected) {
            throw new IllegalArgumentException("head expects " + expected + " feature channels, grid has "
                    + grid.channelCount());
        }
        float[][] data = new float[expected][];
        for (int c = 0; c < expected; c++) {
            data[c] = grid.channel(c).data();
        }
        return data;
    }
}
