package org.sparsesam.command;

import static org.sparsesam.command.OptionKeys.*;

import ij.Macro;
import ij.gui.GenericDialog;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The output checkboxes of the commands that segment the current image (Sparse SAM, Apply trained model). Every
 * output is made unless a {@code no_...} key turns it off, so a macro that names no output gets what the dialog
 * gives untouched. A macro recorded before that named the outputs it wanted ({@code add_to_manager label_image
 * overlay results}); one that names any of those keys still gets exactly those.
 */
final class OutputFields {
    /** What to show after a run. */
    record Outputs(boolean rois, boolean labelImage, boolean mask, boolean overlay, boolean results, boolean similarityMap) {}

    private static final Pattern BRACKETED = Pattern.compile("\\[[^\\]]*\\]");

    private OutputFields() {}

    static void add(GenericDialog gd, boolean similarityMap) {
        gd.addMessage("Outputs: the objects go to the ROI Manager, a label image, outlines on the image and the Results\n"
                + "table, unless ticked off here.");
        gd.addCheckbox(NO_ROIS_LABEL, false);
        gd.addCheckbox(NO_LABEL_IMAGE_LABEL, false);
        gd.addCheckbox(NO_OVERLAY_LABEL, false);
        gd.addCheckbox(NO_RESULTS_LABEL, false);
        gd.addCheckbox(MASK_LABEL, false);
        if (similarityMap) {
            gd.addCheckbox(SIMILARITY_MAP_LABEL, false);
        }
    }

    /** Reads the fields {@link #add} added, in the same order. */
    static Outputs read(GenericDialog gd, boolean similarityMap) {
        boolean noRois = gd.getNextBoolean();
        boolean noLabels = gd.getNextBoolean();
        boolean noOverlay = gd.getNextBoolean();
        boolean noResults = gd.getNextBoolean();
        boolean mask = gd.getNextBoolean();
        boolean map = similarityMap && gd.getNextBoolean();
        Set<String> oldKeys = oldOutputKeys(Macro.getOptions());
        if (!oldKeys.isEmpty()) {
            return new Outputs(oldKeys.contains("add_to_manager"), oldKeys.contains("label_image"), mask,
                    oldKeys.contains("overlay"), oldKeys.contains("results"), map);
        }
        return new Outputs(!noRois, !noLabels, mask, !noOverlay, !noResults, map);
    }

    /** The old output keys a macro's options name as words of their own (not inside a bracketed value or a no_ key). */
    static Set<String> oldOutputKeys(String macroOptions) {
        if (macroOptions == null) {
            return Set.of();
        }
        Set<String> words = new HashSet<>(Arrays.asList(BRACKETED.matcher(macroOptions).replaceAll("[]").split("[\\s=]+")));
        return OLD_OUTPUT_KEYS.stream().filter(words::contains).collect(Collectors.toSet());
    }
}
