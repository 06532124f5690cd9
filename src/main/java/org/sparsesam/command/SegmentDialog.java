package org.sparsesam.command;

import static org.sparsesam.command.OptionKeys.*;

import ij.gui.GenericDialog;
import java.nio.file.Path;
import org.sparsesam.core.SegmentOptions;

/**
 * The ImageJ 1 dialog. In a macro, GenericDialog reads the values from the macro options by key and shows
 * nothing; when recording, it writes them. A checkbox whose key a macro leaves out is off, as ImageJ decides, so
 * every checkbox is one that is off by default (see {@link OptionKeys}).
 */
final class SegmentDialog {
    /** What the dialog asked for. */
    record Choices(Path pointsFile, SegmentOptions options, OutputFields.Outputs outputs) {}

    private SegmentDialog() {}

    /** The choices, or null when the user cancelled. */
    static Choices ask(String imageTitle) {
        SegmentOptions d = SegmentOptions.defaults();
        GenericDialog gd = new GenericDialog("Sparse SAM");
        gd.addMessage("Segment every structure like the clicked ones in '" + imageTitle + "'.");
        gd.addFileField(POINTS_LABEL, "", 30);
        gd.addMessage("A points file holds x,y,label lines (label fg or bg). Leave it empty to use the multi-point\n"
                + "selection (counter 0 = foreground, 1 = background) or point ROIs named fg... / bg... in the ROI Manager.");
        MethodFields.add(gd, d);
        OutputFields.add(gd, true);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        String points = gd.getNextString().strip();
        SegmentOptions options = MethodFields.read(gd, d);
        return new Choices(points.isEmpty() ? null : Path.of(points), options, OutputFields.read(gd, true));
    }
}
