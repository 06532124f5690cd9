package org.sparsesam.command;

import static org.sparsesam.command.OptionKeys.*;

import ij.gui.GenericDialog;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SparseSamException;

/** The method's fields of a GenericDialog, shared by the single-image and the batch command so both use the same keys. */
final class MethodFields {
    private static final String[] TUNE_CHOICES = {TUNE_NONE, TUNE_HEAD};

    private MethodFields() {}

    static void add(GenericDialog gd, SegmentOptions d) {
        gd.addStringField(ENCODER_LABEL, d.encoder(), 20);
        gd.addNumericField(MIN_AREA_LABEL, d.minArea(), 0, 8, "pixels (0 = from the clicks)");
        gd.addCheckbox(SPLIT_LABEL, d.splitTouching());
        gd.addChoice(TUNE_LABEL, TUNE_CHOICES, d.tune());
        gd.addNumericField(TUNE_ITERATIONS_LABEL, d.tuneIterations(), 0);
        gd.addNumericField(SEED_LABEL, d.seed(), 0);
    }

    /** Reads the fields {@link #add} added, in the same order. */
    static SegmentOptions read(GenericDialog gd, SegmentOptions d) {
        return d.toBuilder()
                .encoder(gd.getNextString().strip())
                .minArea(whole(gd.getNextNumber(), MIN_AREA))
                .splitTouching(gd.getNextBoolean())
                .tune(gd.getNextChoice())
                .tuneIterations(whole(gd.getNextNumber(), TUNE_ITERATIONS))
                .seed(whole(gd.getNextNumber(), SEED))
                .build();
    }

    private static int whole(double value, String key) {
        if (Double.isNaN(value) || value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new SparseSamException(key + " must be a whole number.");
        }
        return (int) value;
    }
}
