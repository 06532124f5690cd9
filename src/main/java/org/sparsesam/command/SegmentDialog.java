package org.sparsesam.command;

import static org.sparsesam.command.OptionKeys.*;

import ij.gui.GenericDialog;
import java.nio.file.Path;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SparseSamException;

/**
 * The ImageJ 1 dialog. In a macro, GenericDialog reads the values from the macro options by key and shows
 * nothing; when recording, it writes them. A checkbox whose key a macro leaves out is off, as ImageJ decides.
 */
final class SegmentDialog {
    /** What the dialog asked for. */
    record Choices(Path pointsFile, SegmentOptions options, boolean addToManager, boolean labelImage, boolean mask,
                   boolean overlay, boolean results) {}

    private static final String[] TUNE_CHOICES = {TUNE_NONE, TUNE_HEAD, TUNE_SAM};

    private SegmentDialog() {}

    /** The choices, or null when the user cancelled. */
    static Choices ask(String imageTitle) {
        SegmentOptions d = SegmentOptions.defaults();
        GenericDialog gd = new GenericDialog("Sparse SAM");
        gd.addMessage("Segment every structure like the clicked ones in '" + imageTitle + "'.");
        gd.addFileField(POINTS_LABEL, "", 30);
        gd.addMessage("A points file holds x,y,label lines (label fg or bg). Leave it empty to use the multi-point\n"
                + "selection (counter 0 = foreground, 1 = background) or point ROIs named fg... / bg... in the ROI Manager.");
        gd.addStringField(ENCODER_LABEL, d.encoder(), 20);
        gd.addNumericField(MIN_AREA_LABEL, d.minArea(), 0, 8, "pixels (0 = from the clicks)");
        gd.addCheckbox(SPLIT_LABEL, d.splitTouching());
        gd.addChoice(TUNE_LABEL, TUNE_CHOICES, d.tune());
        gd.addNumericField(TUNE_ITERATIONS_LABEL, d.tuneIterations(), 0);
        gd.addNumericField(SEED_LABEL, d.seed(), 0);
        gd.addMessage("Outputs:");
        gd.addCheckbox(ADD_TO_MANAGER_LABEL, true);
        gd.addCheckbox(LABEL_IMAGE_LABEL, true);
        gd.addCheckbox(MASK_LABEL, false);
        gd.addCheckbox(OVERLAY_LABEL, true);
        gd.addCheckbox(RESULTS_LABEL, true);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        String points = gd.getNextString().strip();
        SegmentOptions options = d.toBuilder()
                .encoder(gd.getNextString().strip())
                .minArea(whole(gd.getNextNumber(), MIN_AREA))
                .splitTouching(gd.getNextBoolean())
                .tune(gd.getNextChoice())
                .tuneIterations(whole(gd.getNextNumber(), TUNE_ITERATIONS))
                .seed(whole(gd.getNextNumber(), SEED))
                .build();
        return new Choices(points.isEmpty() ? null : Path.of(points), options, gd.getNextBoolean(), gd.getNextBoolean(),
                gd.getNextBoolean(), gd.getNextBoolean(), gd.getNextBoolean());
    }

    private static int whole(double value, String key) {
        if (Double.isNaN(value) || value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new SparseSamException(key + " must be a whole number.");
        }
        return (int) value;
    }
}
