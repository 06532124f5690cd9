package org.sparsesam.core.tune;

import org.sparsesam.core.encode.FeatureGrid;

/** One image's features and the target a head is trained towards on it. */
public record LabelledGrid(FeatureGrid grid, PseudoLabel label) {
    public LabelledGrid {
        if (label.width() != grid.gridWidth() || label.height() != grid.gridHeight()) {
            throw new IllegalArgumentException("pseudo-label is " + label.width() + "x" + label.height()
                    + " but the feature grid is " + grid.gridWidth() + "x" + grid.gridHeight());
        }
    }

    int cells() {
        return label.cellCount();
    }
}
