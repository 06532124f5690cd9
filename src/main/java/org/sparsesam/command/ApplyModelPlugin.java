package org.sparsesam.command;

import static org.sparsesam.command.OptionKeys.*;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.plugin.PlugIn;
import java.nio.file.Path;
import java.util.List;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.encode.EncoderFactory;
import org.sparsesam.core.fewshot.FewShotModel;
import org.sparsesam.core.model.TrainedModelFile;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.ij.ImageConversion;
import org.sparsesam.ij.ImageJProgress;
import org.sparsesam.ij.PointSources;

/**
 * Plugins > Segmentation > Sparse SAM Few-shot > Apply trained model: segments the current image with a .ssam
 * model, no clicks needed; a multi-point selection or a points file, when given, extends the model. Shows the
 * same outputs as Sparse SAM, turned off by the same keys. Macro: {@code run("Apply trained model", "model=[FILE.ssam]")}.
 */
public final class ApplyModelPlugin implements PlugIn {
    @Override
    public void run(String arg) {
        CurrentImageRun.run((image, cancel) -> {
            GenericDialog gd = new GenericDialog("Apply trained model");
            gd.addFileField(MODEL_LABEL, "", 30);
            gd.addFileField(POINTS_LABEL, "", 30);
            gd.addMessage("Points are optional here: they extend the model (a points file, or the multi-point selection).");
            gd.addNumericField(SEED_LABEL, SegmentOptions.defaults().seed(), 0);
            OutputFields.add(gd, false);
            gd.showDialog();
            if (gd.wasCanceled()) {
                return;
            }
            Path modelFile = Path.of(gd.getNextString().strip());
            String points = gd.getNextString().strip();
            SegmentOptions options = SegmentOptions.defaults().toBuilder().seed((long) gd.getNextNumber()).build();
            Path pointsFile = points.isEmpty() ? null : Path.of(points);
            OutputFields.Outputs outputs = OutputFields.read(gd, false);
            FewShotModel model = TrainedModelFile.read(modelFile);
            Roi selection = image.getRoi();
            List<Point> clicks = pointsFile != null || selection instanceof PointRoi
                    ? PointSources.collect(image, new Roi[0], pointsFile).points() : List.of();
            SegmentResult result;
            try (SparseSam sam = new SparseSam(options.toBuilder().encoder(model.encoderId()).build(),
                    EncoderFactory.create(model.encoderId()))) {
                result = sam.segment(ImageConversion.toRaster(image), clicks, model, new ImageJProgress(), cancel);
            }
            PluginOutputs.show(image, result, outputs);
            IJ.showStatus("Sparse SAM: " + result.count() + " objects");
        });
    }
}
