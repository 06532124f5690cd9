package org.sparsesam.command;

import ij.IJ;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sparsesam.core.model.ModelStore;

/**
 * Where Fiji keeps Sparse SAM model packages: {@code models/sparse-sam} in the Fiji (ImageJ) folder, so that
 * models travel with the installation; {@code -Dsparsesam.models} or {@code SPARSE_SAM_MODELS} still move it,
 * as for the command line.
 */
final class FijiModelFolder {
    private FijiModelFolder() {}

    static ModelStore store() {
        String property = System.getProperty(ModelStore.ROOT_PROPERTY), variable = System.getenv(ModelStore.ROOT_VARIABLE);
        String imagej = IJ.getDirectory("imagej");
        if ((property != null && !property.isBlank()) || (variable != null && !variable.isBlank()) || imagej == null) {
            return new ModelStore(ModelStore.defaultRoot());
        }
        return new ModelStore(Path.of(imagej, "models", "sparse-sam"));
    }

    /** {@code builtin} (the shipped learned encoder), {@code handmade} and every installed, readable model: the dialog's encoder choices. */
    static String[] encoderChoices(ModelStore store) {
        List<String> out = new ArrayList<>(List.of(org.sparsesam.core.SegmentOptions.DEFAULT_ENCODER,
                org.sparsesam.core.encode.EncoderFactory.HANDMADE));
        for (ModelStore.Entry e : store.list()) {
            if (e.isUsable()) {
                out.add(e.name());
            }
        }
        return out.toArray(String[]::new);
    }
}
