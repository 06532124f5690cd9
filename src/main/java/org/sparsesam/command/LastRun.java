package org.sparsesam.command;

import ij.gui.Roi;
import java.util.ArrayList;
import java.util.List;
import org.sparsesam.ij.RoiManagers;

/** Which ROI Manager entries the last Sparse SAM run added: exactly those named {@code SparseSAM-<last run>-<label>}. */
final class LastRun {
    private LastRun() {}

    /** Indices, ascending, of the ROIs of the highest run number; empty when no ROI has a Sparse SAM name. */
    static int[] indices(Roi[] rois) {
        int last = RoiManagers.nextRunNumber(rois) - 1;
        if (last < 1) {
            return new int[0];
        }
        // The same name test as the run numbering, so "last" and "its ROIs" cannot disagree.
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < rois.length; i++) {
            if (RoiManagers.nextRunNumber(new Roi[] {rois[i]}) - 1 == last) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
