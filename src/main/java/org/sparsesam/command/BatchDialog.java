package org.sparsesam.command;

import static org.sparsesam.command.OptionKeys.*;

import ij.gui.GenericDialog;
import java.nio.file.Path;
import org.sparsesam.batch.FolderBatch;
import org.sparsesam.batch.PointsFileJob;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SparseSamException;

/** The dialog of Sparse SAM Batch; in a macro its keys are input, points_folder, output, redo and the method's keys. */
final class BatchDialog {
    /** What the dialog asked for. */
    record Choices(FolderBatch.Settings settings, Path pointsFolder, SegmentOptions options) {}

    private BatchDialog() {}

    /** The choices, or null when the user cancelled. */
    static Choices ask() {
        SegmentOptions d = SegmentOptions.defaults();
        GenericDialog gd = new GenericDialog("Sparse SAM Batch");
        gd.addMessage("Segment every image of a folder with the clicks in its points file <image name>" + PointsFileJob.POINTS_SUFFIX + ".");
        gd.addDirectoryField(INPUT_LABEL, "", 30);
        gd.addDirectoryField(POINTS_FOLDER_LABEL, "", 30);
        gd.addMessage("Points folder: where the points files are; empty = the input folder.");
        gd.addDirectoryField(OUTPUT_LABEL, "", 30);
        gd.addMessage("Output folder: label image, ROI set and results per image, summary.csv and journal/;\n"
                + "it may be the input folder. Images finished by an earlier run into it are skipped;\n"
                + "results it holds from another run are only overwritten when redo is ticked.");
        gd.addCheckbox(REDO_LABEL, false);
        MethodFields.add(gd, d);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        Path input = folder(gd.getNextString(), INPUT);
        String pointsText = gd.getNextString().strip();
        Path points = pointsText.isEmpty() ? input : Path.of(pointsText);
        Path output = folder(gd.getNextString(), OUTPUT);
        boolean redo = gd.getNextBoolean();
        SegmentOptions options = MethodFields.read(gd, d);
        String howToRedo = "tick '" + REDO_LABEL + "' (macro key " + REDO + ")";
        return new Choices(new FolderBatch.Settings(input, output, redo, howToRedo), points, options);
    }

    private static Path folder(String text, String key) {
        if (text.isBlank()) {
            throw new SparseSamException("No " + key + " folder given: choose one (macro key " + key + "=[path]).");
        }
        return Path.of(text.strip());
    }
}
