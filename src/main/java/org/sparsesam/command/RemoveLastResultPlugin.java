package org.sparsesam.command;

import ij.IJ;
import ij.plugin.PlugIn;
import ij.plugin.frame.RoiManager;
import org.sparsesam.ij.RoiManagers;

/**
 * Plugins > Segmentation > Sparse SAM Remove Last Result: takes the ROIs the last run added (named
 * {@code SparseSAM-<run>-...} with the highest run number) out of the ROI Manager; every other ROI, the user's and
 * earlier runs', keeps its place and name. Undo for a run whose clicks were wrong.
 */
public final class RemoveLastResultPlugin implements PlugIn {
    @Override
    public void run(String arg) {
        RoiManager manager = RoiManagers.existing();
        int[] last = LastRun.indices(RoiManagers.rois(manager));
        if (last.length == 0) {
            IJ.showStatus("Sparse SAM: no Sparse SAM result in the ROI Manager");
            IJ.log("Sparse SAM: no ROI named SparseSAM-<run>-... in the ROI Manager: nothing removed.");
            return;
        }
        // From the end, so that the indices still to delete do not shift.
        for (int i = last.length - 1; i >= 0; i--) {
            manager.delete(last[i]);
        }
        IJ.showStatus("Sparse SAM: removed the last result's " + last.length + " ROIs");
    }
}
