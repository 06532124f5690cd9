package org.sparsesam.core.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sparsesam.core.SparseSamException;

/**
 * The {@code model.json} of a model package: what the files are, how images are prepared for the encoder
 * and what the encoder produces. Parsing checks every value a wrong or hostile manifest could get wrong,
 * so that code using a manifest can trust it (sizes are sane, file names stay inside the package).
 */
public final class ModelManifest {
    public static final int FORMAT = 1;
    /** Families whose encoder and decoder share SAM's ONNX I/O; anything else needs code we do not have. */
    public static final Set<String> FAMILIES = Set.of("sam", "mobilesam", "efficientvit-sam");

    private static final int MAX_INPUT_SIZE = 8192;
    private static final int MAX_CHANNELS = 8192;

    private final String name;
    private final String family;
    private final String description;
    private final int inputSize;
    private final double[] pixelMean;
    private final double[] pixelStd;
    private final int embeddingChannels;
    private final int embeddingSize;
    private final String encoderFile;
    private final String encoderInput;
    private final String encoderOutput;
    private final String decoderFile;
    private final List<String> decoderInputs;
    private final List<String> decoderOutputs;
    private final int numMasks;
    private final String decoderTorchScriptFile;
    private final Map<String, String> sha256ByFile;
    private final String licence;
    private final String source;

    private ModelManifest(ManifestReader r) {
        int format = r.integer(r.root(), "format", 1, FORMAT);
        if (format != FORMAT) {
            throw r.problem("has format " + format + ", which this version does not read");
        }
        name = r.string(r.root(), "name");
        if (!ManifestReader.SAFE_NAME.matcher(name).matches()) {
            throw r.problem("has the name '" + name + "'; a model name is 1-64 letters, digits, '.', '_' or '-'"
                    + " (it becomes a folder name)");
        }
        family = r.string(r.root(), "family");
        if (!FAMILIES.contains(family)) {
            throw new SparseSamException("The model package " + r.where() + " is for the model family '" + family
                    + "', which this version of Sparse SAM cannot run (it runs " + String.join(", ", new java.util.TreeSet<>(FAMILIES))
                    + "): use a package of one of those families.");
        }
        description = r.optionalString(r.root(), "description", "");
        inputSize = r.integer(r.root(), "input_size", 16, MAX_INPUT_SIZE);
        pixelMean = r.numbers(r.root(), "pixel_mean", 3, -1e4, 1e4);
        pixelStd = r.numbers(r.root(), "pixel_std", 3, 1e-6, 1e4);
        JsonArray shape = r.array(r.root(), "embedding_shape");
        if (shape.size() != 4) {
            throw r.problem("gives embedding_shape " + shape + "; expected [1, channels, size, size]");
        }
        int batch = r.element(shape, "embedding_shape", 0, 1, 1);
        embeddingChannels = r.element(shape, "embedding_shape", 1, 1, MAX_CHANNELS);
        embeddingSize = r.element(shape, "embedding_shape", 2, 1, inputSize);
        if (batch != 1 || r.element(shape, "embedding_shape", 3, 1, inputSize) != embeddingSize || inputSize % embeddingSize != 0) {
            throw r.problem("gives embedding_shape " + shape + " for input_size " + inputSize
                    + "; expected [1, channels, size, size] with size dividing input_size");
        }
        JsonObject encoder = r.object(r.root(), "encoder");
        encoderFile = r.fileName(encoder, "file");
        encoderInput = r.string(encoder, "input");
        encoderOutput = r.string(encoder, "output");
        JsonObject decoder = r.object(r.root(), "decoder");
        decoderFile = r.fileName(decoder, "file");
        decoderInputs = r.strings(decoder, "inputs", 5);
        decoderOutputs = r.strings(decoder, "outputs", 2);
        numMasks = r.integer(decoder, "num_masks", 1, 16);
        JsonObject files = r.object(r.root(), "files");
        Map<String, String> sums = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : files.entrySet()) {
            String file = r.checkFileName(e.getKey());
            String sum = r.string(files, e.getKey()).toLowerCase(java.util.Locale.ROOT);
            if (!ManifestReader.SHA256.matcher(sum).matches()) {
                throw r.problem("gives '" + sum + "' as the SHA-256 of " + file + "; expected 64 hexadecimal digits");
            }
            sums.put(file, sum);
        }
        for (String needed : List.of(encoderFile, decoderFile)) {
            if (!sums.containsKey(needed)) {
                throw r.problem("lists no SHA-256 for " + needed + " under \"files\"; every file must have one");
            }
        }
        // Optional (packages without it stay valid): the traced prompt encoder + mask decoder that SAM tuning trains.
        decoderTorchScriptFile = r.root().has("decoder_torchscript") && !r.root().get("decoder_torchscript").isJsonNull()
                ? r.fileName(r.root(), "decoder_torchscript") : null;
        if (decoderTorchScriptFile != null && !sums.containsKey(decoderTorchScriptFile)) {
            throw r.problem("lists no SHA-256 for " + decoderTorchScriptFile + " under \"files\"; every file must have one");
        }
        sha256ByFile = Collections.unmodifiableMap(sums);
        licence = r.optionalString(r.root(), "licence", "unknown");
        source = r.optionalString(r.root(), "source", "unknown");
    }

    /** Reads and checks {@code folder/model.json}. */
    public static ModelManifest read(Path manifestFile) {
        String text;
        try {
            text = Files.readString(manifestFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SparseSamException("There is no model.json in " + manifestFile.getParent()
                    + ": a model package is a folder or zip with model.json at its top; check the path.");
        } catch (IOException e) {
            throw new SparseSamException("Cannot read " + manifestFile + " (" + e.getMessage() + "): check its permissions.", e);
        }
        return parse(text, manifestFile.toString());
    }

    /** Parses manifest text; {@code where} names it in messages. */
    public static ModelManifest parse(String json, String where) {
        JsonObject root = ManifestReader.parseObject(json, where, "the package is damaged; get it again or re-export it.");
        return new ModelManifest(new ManifestReader(root, where, "the package is damaged or for another program; re-export it with tools/.",
                Set.of(ModelPackage.MANIFEST)));
    }

    public String name() { return name; }
    public String family() { return family; }
    public String description() { return description; }
    /** Side of the square the encoder takes: images are resized so their longest side has this length. */
    public int inputSize() { return inputSize; }
    public double[] pixelMean() { return pixelMean.clone(); }
    public double[] pixelStd() { return pixelStd.clone(); }
    public int embeddingChannels() { return embeddingChannels; }
    /** Side of the square embedding grid; one cell covers inputSize / embeddingSize input pixels. */
    public int embeddingSize() { return embeddingSize; }
    /** Side of the decoder's low-resolution masks and of its mask input: 4 x the embedding, as in SAM. */
    public int lowResMaskSize() { return 4 * embeddingSize; }
    public String encoderFile() { return encoderFile; }
    public String encoderInput() { return encoderInput; }
    public String encoderOutput() { return encoderOutput; }
    public String decoderFile() { return decoderFile; }
    /** image_embeddings, point_coords, point_labels, mask_input, has_mask_input: names in that order. */
    public List<String> decoderInputs() { return decoderInputs; }
    /** masks, iou_predictions: names in that order. */
    public List<String> decoderOutputs() { return decoderOutputs; }
    public int numMasks() { return numMasks; }
    /**
     * The TorchScript export of the prompt encoder + mask decoder (same inputs and outputs as the ONNX decoder,
     * with trainable parameters), which SAM tuning fine-tunes; empty for packages without one.
     */
    public java.util.Optional<String> decoderTorchScriptFile() { return java.util.Optional.ofNullable(decoderTorchScriptFile); }
    /** Every file of the package with its SHA-256 (lower-case hex), in manifest order. */
    public Map<String, String> sha256ByFile() { return sha256ByFile; }
    public String licence() { return licence; }
    public String source() { return source; }
}
