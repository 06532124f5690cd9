package org.sparsesam.core.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
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

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
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

    private ModelManifest(Reader r) {
        int format = r.integer(r.root, "format", 1, FORMAT);
        if (format != FORMAT) {
            throw r.problem("has format " + format + ", which this version does not read");
        }
        name = r.string(r.root, "name");
        if (!SAFE_NAME.matcher(name).matches()) {
            throw r.problem("has the name '" + name + "'; a model name is 1-64 letters, digits, '.', '_' or '-'"
                    + " (it becomes a folder name)");
        }
        family = r.string(r.root, "family");
        if (!FAMILIES.contains(family)) {
            throw new SparseSamException("The model package " + r.where + " is for the model family '" + family
                    + "', which this version of Sparse SAM cannot run (it runs " + String.join(", ", new java.util.TreeSet<>(FAMILIES))
                    + "): use a package of one of those families.");
        }
        description = r.optionalString(r.root, "description", "");
        inputSize = r.integer(r.root, "input_size", 16, MAX_INPUT_SIZE);
        pixelMean = r.numbers(r.root, "pixel_mean", 3, -1e4, 1e4);
        pixelStd = r.numbers(r.root, "pixel_std", 3, 1e-6, 1e4);
        JsonArray shape = r.array(r.root, "embedding_shape");
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
        JsonObject encoder = r.object(r.root, "encoder");
        encoderFile = r.fileName(encoder, "file");
        encoderInput = r.string(encoder, "input");
        encoderOutput = r.string(encoder, "output");
        JsonObject decoder = r.object(r.root, "decoder");
        decoderFile = r.fileName(decoder, "file");
        decoderInputs = r.strings(decoder, "inputs", 5);
        decoderOutputs = r.strings(decoder, "outputs", 2);
        numMasks = r.integer(decoder, "num_masks", 1, 16);
        JsonObject files = r.object(r.root, "files");
        Map<String, String> sums = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : files.entrySet()) {
            String file = r.checkFileName(e.getKey());
            String sum = r.string(files, e.getKey()).toLowerCase(java.util.Locale.ROOT);
            if (!SHA256.matcher(sum).matches()) {
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
        decoderTorchScriptFile = r.root.has("decoder_torchscript") && !r.root.get("decoder_torchscript").isJsonNull()
                ? r.fileName(r.root, "decoder_torchscript") : null;
        if (decoderTorchScriptFile != null && !sums.containsKey(decoderTorchScriptFile)) {
            throw r.problem("lists no SHA-256 for " + decoderTorchScriptFile + " under \"files\"; every file must have one");
        }
        sha256ByFile = Collections.unmodifiableMap(sums);
        licence = r.optionalString(r.root, "licence", "unknown");
        source = r.optionalString(r.root, "source", "unknown");
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
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new SparseSamException(where + " is not valid JSON (" + e.getMessage()
                    + "): the package is damaged; get it again or re-export it.", e);
        }
        if (!root.isJsonObject()) {
            throw new SparseSamException(where + " is not a JSON object: the package is damaged; get it again or re-export it.");
        }
        return new ModelManifest(new Reader(root.getAsJsonObject(), where));
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

    /** Walks the JSON tree, turning every absent or out-of-range value into a message that names it. */
    private static final class Reader {
        final JsonObject root;
        final String where;

        Reader(JsonObject root, String where) {
            this.root = root;
            this.where = where;
        }

        SparseSamException problem(String what) {
            return new SparseSamException("The model manifest " + where + " " + what
                    + ": the package is damaged or for another program; re-export it with tools/.");
        }

        private JsonElement field(JsonObject o, String key) {
            JsonElement e = o.get(key);
            if (e == null || e.isJsonNull()) {
                throw problem("has no \"" + key + "\"");
            }
            return e;
        }

        String string(JsonObject o, String key) {
            JsonElement e = field(o, key);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString() || e.getAsString().isBlank()) {
                throw problem("has \"" + key + "\": " + e + " where a non-empty text is expected");
            }
            return e.getAsString();
        }

        String optionalString(JsonObject o, String key, String fallback) {
            return o.has(key) && !o.get(key).isJsonNull() ? string(o, key) : fallback;
        }

        JsonObject object(JsonObject o, String key) {
            JsonElement e = field(o, key);
            if (!e.isJsonObject()) {
                throw problem("has \"" + key + "\": " + e + " where an object is expected");
            }
            return e.getAsJsonObject();
        }

        JsonArray array(JsonObject o, String key) {
            JsonElement e = field(o, key);
            if (!e.isJsonArray()) {
                throw problem("has \"" + key + "\": " + e + " where a list is expected");
            }
            return e.getAsJsonArray();
        }

        int integer(JsonObject o, String key, int min, int max) {
            return checkedInt(field(o, key), "\"" + key + "\"", min, max);
        }

        int element(JsonArray a, String key, int i, int min, int max) {
            return checkedInt(a.get(i), "\"" + key + "\": " + a + " whose element " + i, min, max);
        }

        private int checkedInt(JsonElement e, String what, int min, int max) {
            double v;
            try {
                v = e.getAsDouble();
            } catch (RuntimeException ex) {
                throw problem("has " + what + " = " + e + " where a whole number is expected");
            }
            if (v != Math.rint(v) || v < min || v > max) {
                throw problem("has " + what + " = " + e + "; expected a whole number from " + min + " to " + max);
            }
            return (int) v;
        }

        double[] numbers(JsonObject o, String key, int count, double min, double max) {
            JsonArray a = array(o, key);
            if (a.size() != count) {
                throw problem("has \"" + key + "\": " + a + "; expected " + count + " numbers");
            }
            double[] out = new double[count];
            for (int i = 0; i < count; i++) {
                try {
                    out[i] = a.get(i).getAsDouble();
                } catch (RuntimeException ex) {
                    throw problem("has \"" + key + "\": " + a + "; expected " + count + " numbers");
                }
                if (!(out[i] >= min && out[i] <= max)) {
                    throw problem("has \"" + key + "\": " + a + "; values must lie in [" + min + ", " + max + "]");
                }
            }
            return out;
        }

        List<String> strings(JsonObject o, String key, int count) {
            JsonArray a = array(o, key);
            if (a.size() != count) {
                throw problem("has \"" + key + "\": " + a + "; expected " + count + " tensor names");
            }
            List<String> out = new ArrayList<>();
            for (JsonElement e : a) {
                if (!e.isJsonPrimitive() || e.getAsString().isBlank()) {
                    throw problem("has \"" + key + "\": " + a + "; expected " + count + " tensor names");
                }
                out.add(e.getAsString());
            }
            return List.copyOf(out);
        }

        String fileName(JsonObject o, String key) {
            return checkFileName(string(o, key));
        }

        /** Package files sit at the package's top level: a name with a path in it could point anywhere. */
        String checkFileName(String file) {
            if (!SAFE_NAME.matcher(file).matches() || file.equals(ModelPackage.MANIFEST)) {
                throw problem("names the file '" + file + "'; package files are plain names (letters, digits,"
                        + " '.', '_', '-') at the top of the package");
            }
            return file;
        }
    }
}
