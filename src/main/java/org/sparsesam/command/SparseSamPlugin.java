package org.sparsesam.command;

import ij.IJ;
import ij.plugin.PlugIn;
import ij.plugin.frame.RoiManager;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.ij.ImageJProgress;
import org.sparsesam.ij.RoiManagers;

/** Plugins > Segmentation > Sparse SAM (registered in plugins.config): dialog or macro options in, one segmentation, outputs shown. */
public final class SparseSamPlugin implements PlugIn {
    @Override
    public void run(String arg) {
        CurrentImageRun.run((image, cancel) -> {
            SegmentDialog.Choices choices = SegmentDialog.ask(image.getTitle());
            if (choices == null) {
                return;
            }
            RoiManager manager = RoiManagers.existing();
            SegmentResult result = SegmentRun.run(image, choices.pointsFile(), RoiManagers.rois(manager), choices.options(),
                    new ImageJProgress(), cancel);
            PluginOutputs.show(image, result, choices.outputs());
            IJ.showStatus("Sparse SAM: " + result.count() + " objects");
        });
    }
}
