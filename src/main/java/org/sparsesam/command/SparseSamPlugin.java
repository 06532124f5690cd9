package org.sparsesam.command;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.plugin.PlugIn;
import ij.plugin.frame.RoiManager;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.ij.EscapeCancel;
import org.sparsesam.ij.ImageJProgress;
import org.sparsesam.ij.RoiManagers;

/** Plugins > Segmentation > Sparse SAM (registered in plugins.config): dialog or macro options in, one segmentation, outputs shown. */
public final class SparseSamPlugin implements PlugIn {
    @Override
    public void run(String arg) {
        ImagePlus image = WindowManager.getCurrentImage();
        if (image == null) {
            IJ.noImage();
            return;
        }
        CancelToken cancel = new CancelToken();
        try (EscapeCancel esc = EscapeCancel.watch(cancel)) {
            SegmentDialog.Choices choices = SegmentDialog.ask(image.getTitle());
            if (choices == null) {
                return;
            }
            RoiManager manager = RoiManagers.existing();
            SegmentResult result = SegmentRun.run(image, choices.pointsFile(), RoiManagers.rois(manager), choices.options(),
                    new ImageJProgress(), cancel);
            PluginOutputs.show(image, result, choices);
            IJ.showStatus("Sparse SAM: " + result.count() + " objects");
        } catch (CancelToken.CancelledException e) {
            IJ.showStatus("Sparse SAM: cancelled");
        } catch (SparseSamException e) {
            PluginOutputs.reportError(e.getMessage());
        } catch (OutOfMemoryError e) {
            PluginOutputs.reportError("ran out of memory: " + org.sparsesam.core.MemoryEstimate.RAISE_HEAP);
        } finally {
            IJ.showProgress(1.0);
        }
    }
}
