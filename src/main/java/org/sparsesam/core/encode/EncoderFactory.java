package org.sparsesam.core.encode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.histology.HistologyEncoder;
import org.sparsesam.core.encode.sam.Device;
import org.sparsesam.core.encode.sam.SamModel;
import org.sparsesam.core.model.ModelPackage;
import org.sparsesam.core.model.ModelStore;

/**
 * The one place where an encoder name from the user becomes an encoder: {@code builtin} (the learned histology
 * encoder shipped in the plugin), {@code handmade} (the hand-made H&amp;E features it replaced as the default), the
 * name of a model installed in a {@link ModelStore}, or the path of a model package folder or zip.
 */
public final class EncoderFactory {
    /** The shipped learned encoder: what the dialog, macros and the command line use unless told otherwise. */
    public static final String BUILTIN = "builtin";
    /** The hand-made feature encoder, kept as a fallback and for models trained with it. */
    public static final String HANDMADE = "handmade";

    private EncoderFactory() {}

    /** The built-in encoder, or a SAM package from the default model folder, on the automatically chosen device. */
    public static Encoder create(String name) {
        return create(name, Device.AUTO, new ModelStore(ModelStore.defaultRoot()), Progress.NONE);
    }

    /** The encoder and device the options name, packages looked up in the default model folder. */
    public static Encoder create(SegmentOptions options, Progress progress) {
        return create(options, new ModelStore(ModelStore.defaultRoot()), progress);
    }

    /** The encoder and device the options name, packages looked up in {@code store} (Fiji has its own). */
    public static Encoder create(SegmentOptions options, ModelStore store, Progress progress) {
        return create(options.encoder(), Device.parse(options.device()), store, progress);
    }

    /**
     * @param progress receives the note saying on which device (execution provider) the model runs and why
     */
    public static Encoder create(String name, Device device, ModelStore store, Progress progress) {
        String n = name == null ? "" : name.trim();
        String lower = n.toLowerCase(Locale.ROOT);
        if (isShippedLearned(n)) {
            return HistologyEncoder.shipped(device, progress);
        }
        if (lower.equals(HANDMADE) || lower.equals(BuiltinEncoder.ID)) {
            return new BuiltinEncoder();
        }
        if (n.isEmpty() || !(store.isInstalled(n) || Files.exists(Path.of(n)))) {
            throw unknown(name, store);
        }
        return SamModel.openOwning(store.resolve(n), device, progress);
    }

    /** Whether {@code name} asks for the learned encoder shipped in the plugin ("builtin" or its weights' name). */
    public static boolean isShippedLearned(String name) {
        String lower = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return lower.equals(BUILTIN) || lower.equals(HistologyEncoder.SHIPPED_NAME);
    }

    private static SparseSamException unknown(String name, ModelStore store) {
        List<String> installed = store.list().stream().filter(ModelStore.Entry::isUsable).map(ModelStore.Entry::name).toList();
        String choices = installed.isEmpty()
                ? "no model is installed in " + store.root() + " (install one with 'sparse-sam model install FILE')"
                : "installed in " + store.root() + ": " + String.join(", ", installed);
        return new SparseSamException("Unknown encoder '" + name + "': it is not 'builtin', not 'handmade', not an installed model ("
                + choices + ") and not the path of a model package folder or zip; check the name or path.");
    }
}
