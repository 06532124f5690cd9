package org.sparsesam.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ij.gui.Roi;
import org.junit.jupiter.api.Test;

class LastRunTest {
    private static Roi named(String name) {
        Roi roi = new Roi(0, 0, 2, 2);
        roi.setName(name);
        return roi;
    }

    @Test
    void onlyTheHighestRunsRoisWhereverTheyAre() {
        Roi[] rois = {named("user"), named("SparseSAM-1-0001"), named("SparseSAM-2-0001"), named("SparseSAM-10-0001"),
                named("mine"), named("SparseSAM-10-0002"), named("SparseSAM-10-x"), named("sparsesam-10-0003"), named(null)};
        assertArrayEquals(new int[] {3, 5}, LastRun.indices(rois), "run 10 beats run 2 numerically; look-alike names stay");
    }

    @Test
    void nothingWhenNoRunNamesArePresent() {
        assertArrayEquals(new int[0], LastRun.indices(new Roi[] {named("user"), named("SparseSAM-")}));
        assertArrayEquals(new int[0], LastRun.indices(new Roi[0]));
    }
}
