package org.sparsesam.command;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.gui.Roi;
import ij.macro.Interpreter;
import java.awt.GraphicsEnvironment;
import java.util.List;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.ij.ResultsOutput;
import org.sparsesam.ij.RoiConversion;
import org.sparsesam.ij.RoiManagers;
import org.sparsesam.ij.SimilarityOverlay;

/** What the ImageJ 1 command shows after a run, as the dialog's output toggles ask. */
final class PluginOutputs {
    private PluginOutputs() {}

    static void show(ImagePlus image, SegmentResult result, OutputFields.Outputs choices) {
        boolean needRois = choices.rois() || choices.overlay() || choices.results();
        String run = Integer.toString(RoiManagers.nextRunNumber(RoiManagers.rois(RoiManagers.existing())));
        List<Roi> rois = needRois ? RoiConversion.labelsToRois(result.labels(), run) : List.of();
        ResultsOutput.placeOnSlice(rois, image);
        if (choices.rois()) {
            RoiManagers.append(RoiManagers.forOutput(), rois);
        }
        if (choices.overlay()) {
            ResultsOutput.showOutlines(image, rois);
        }
        if (choices.similarityMap()) {
            SimilarityOverlay.show(image, result.probability());
        }
        if (choices.results()) {
            ResultsOutput.showAsResults(ResultsOutput.table(result.instances(), run, result.labels().maxLabel(), image.getCalibration()));
        }
        if (choices.labelImage()) {
            ResultsOutput.labelImage(result.labels(), image).show();
        }
        if (choices.mask()) {
            ResultsOutput.mask(result.labels(), image).show();
        }
    }

    /**
     * A dialog in the GUI; the Log (stdout when there is no GUI) in batch mode, where a modal dialog would
     * stall an unattended run. A macro that called us is then stopped: carrying on would compute its next
     * steps from results that do not exist. ({@link Interpreter#abort()} stops it; {@code Macro.abort()} and
     * throwing {@code Macro.MACRO_CANCELED} from a plugin both let a {@code -batch} macro run on.)
     */
    static void reportError(String message) {
        if (GraphicsEnvironment.isHeadless() || IJ.getInstance() == null || Interpreter.isBatchMode()) {
            IJ.log("Sparse SAM: " + message);
        } else {
            IJ.error("Sparse SAM", message);
        }
        if (Macro.getOptions() != null && Interpreter.getInstance() != null) {
            Interpreter.abort();
        }
    }
}
