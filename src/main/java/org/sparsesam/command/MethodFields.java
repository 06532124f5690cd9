package org.sparsesam.command;

import static org.sparsesam.command.OptionKeys.*;

import ij.gui.GenericDialog;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SparseSamException;

/** The method's fields of a GenericDialog, shared by the single-image and the batch command so both use the same keys. */
final class MethodFields {
    private static final String[] TUNE_CHOICES = {TUNE_NONE, TUNE_HEAD, TUNE_SAM};
    private static final String[] DEVICE_CHOICES = {DEVICE_AUTO, DEVICE_CPU, DEVICE_GPU};
    private static final String[] MODE_CHOICES = {MODE_SIMILARITY, MODE_REFINE, MODE_CLICKS};

    private MethodFields() {}

    static void add(GenericDialog gd, SegmentOptions d) {
        // Interactively: builtin and the installed models. A macro may also name a package by path, which a
        // choice would refuse, so macros read the key as text.
        if (fromMacro()) {
            gd.addStringField(ENCODER_LABEL, d.encoder(), 20);
        } else {
            gd.addChoice(ENCODER_LABEL, FijiModelFolder.encoderChoices(FijiModelFolder.store()), d.encoder());
        }
        gd.addChoice(DEVICE_LABEL, DEVICE_CHOICES, d.device());
        gd.addNumericField(MIN_AREA_LABEL, d.minArea(), 0, 8, "pixels (0 = from the clicks)");
        gd.addCheckbox(NO_SPLIT_LABEL, !d.splitTouching());
        gd.addChoice(TUNE_LABEL, TUNE_CHOICES, d.tune());
        gd.addNumericField(TUNE_ITERATIONS_LABEL, d.tuneIterations(), 0);
        gd.addNumericField(SEED_LABEL, d.seed(), 0);
        gd.addChoice(MODE_LABEL, MODE_CHOICES, d.mode());
        gd.addNumericField(SCALE_LABEL, d.scale(), 3, 6, "of the image's magnification (1 = as it is)");
        gd.addNumericField(TILE_SIZE_LABEL, d.tileSize(), 0, 6, "pixels (0 = automatic)");
        gd.addDirectoryField(CACHE_DIR_LABEL, d.cacheDir(), 20);
    }

    private static boolean fromMacro() {
        return ij.Macro.getOptions() != null;
    }

    /** Reads the fields {@link #add} added, in the same order. */
    static SegmentOptions read(GenericDialog gd, SegmentOptions d) {
        return d.toBuilder()
                .encoder(fromMacro() ? gd.getNextString().strip() : gd.getNextChoice())
                .device(gd.getNextChoice())
                .minArea(whole(gd.getNextNumber(), MIN_AREA))
                .splitTouching(!gd.getNextBoolean())
                .tune(gd.getNextChoice())
                .tuneIterations(whole(gd.getNextNumber(), TUNE_ITERATIONS))
                .seed(whole(gd.getNextNumber(), SEED))
                .mode(gd.getNextChoice())
                .scale(gd.getNextNumber())
                .tileSize(whole(gd.getNextNumber(), TILE_SIZE))
                .cacheDir(gd.getNextString())
                .build();
    }

    private static int whole(double value, String key) {
        if (Double.isNaN(value) || value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new SparseSamException(key + " must be a whole number.");
        }
        return (int) value;
    }
}
