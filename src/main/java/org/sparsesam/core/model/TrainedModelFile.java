package org.sparsesam.core.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.fewshot.FewShotKind;
import org.sparsesam.core.fewshot.FewShotModel;
import org.sparsesam.core.fewshot.FewShotSettings;
import org.sparsesam.core.fewshot.HeadWeights;
import org.sparsesam.core.similarity.Prototypes;
import org.sparsesam.core.tune.HeadKind;

/**
 * A few-shot model on disk: a {@code .ssam} file, a zip holding {@code manifest.json} (format version,
 * encoder id and checksum, training images, options, dev Dice, and the names and shapes of the arrays) and
 * {@code weights.bin} (those arrays, one after the other, as big-endian float64). Reading trusts nothing:
 * sizes are bounded before anything is allocated, every value is checked, and any problem becomes one
 * message naming the file and what to do.
 */
public final class TrainedModelFile {
    public static final String FORMAT = "sparse-sam-fewshot";
    public static final int VERSION = 1;
    public static final String EXTENSION = ".ssam";

    static final String MANIFEST = "manifest.json";
    static final String WEIGHTS = "weights.bin";
    /** Far above any model this code trains (a cnn head on 256 channels is under 1 MB). */
    static final long MAX_FILE_BYTES = 256L << 20;
    static final int MAX_MANIFEST_BYTES = 1 << 20;
    static final int MAX_CHANNELS = 8192;
    static final int MAX_PROTOTYPES = 1024;
    static final int MAX_NAMES = 100_000;

    private TrainedModelFile() {}

    public static void write(FewShotModel model, Path file) {
        Map<String, double[]> arrays = new LinkedHashMap<>();
        JsonArray shapes = new JsonArray();
        if (model.prototypes() != null) {
            addMatrix(arrays, shapes, "prototypes/foreground", model.prototypes().foreground(), model.channels());
            addMatrix(arrays, shapes, "prototypes/background", model.prototypes().background(), model.channels());
        } else {
            HeadWeights h = model.head();
            addVector(arrays, shapes, "head/mean", h.mean());
            addVector(arrays, shapes, "head/inverse_std", h.inverseStd());
            for (int g = 0; g < h.parameters().length; g++) {
                addVector(arrays, shapes, "head/" + g, h.parameters()[g]);
            }
        }
        JsonObject m = manifest(model);
        m.add("arrays", shapes);
        Gson gson = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
        byte[] manifest = gson.toJson(m).getBytes(StandardCharsets.UTF_8);
        Path parent = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(parent);
            // not createTempFile: its files are readable by their owner only, and the model is for sharing
            tmp = parent.resolve("." + file.getFileName() + ".part");
            try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(manifest);
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(WEIGHTS));
                DataOutputStream data = new DataOutputStream(zip);
                for (double[] a : arrays.values()) {
                    for (double v : a) {
                        data.writeDouble(v);
                    }
                }
                data.flush();
                zip.closeEntry();
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SparseSamException("Cannot write the model file " + file + " (" + e.getMessage()
                    + "): check the folder exists, is writable and has free space.", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The temporary file was moved or never written; nothing to clean up.
                }
            }
        }
    }

    private static JsonObject manifest(FewShotModel model) {
        JsonObject m = new JsonObject();
        m.addProperty("format", FORMAT);
        m.addProperty("format_version", VERSION);
        m.addProperty("kind", model.kind().key());
        JsonObject encoder = new JsonObject();
        encoder.addProperty("id", model.encoderId());
        encoder.addProperty("sha256", model.encoderChecksum());
        m.add("encoder", encoder);
        m.addProperty("channels", model.channels());
        m.addProperty("stain_prior", model.stainPrior());
        m.addProperty("object_radius", model.objectRadius());
        m.addProperty("dataset", model.dataset());
        m.add("training_images", strings(model.trainingImages()));
        FewShotSettings s = model.settings();
        JsonObject options = new JsonObject();
        options.addProperty("prototypes_per_class", s.prototypesPerClass());
        options.addProperty("samples_per_image", s.samplesPerImage());
        options.addProperty("iterations", s.iterations());
        options.addProperty("learning_rate", s.learningRate());
        options.addProperty("seed", s.seed());
        if (model.head() != null) {
            options.addProperty("hidden_units", model.head().hiddenUnits());
            options.addProperty("conv_layers", model.head().convLayers());
        }
        m.add("options", options);
        if (Double.isFinite(model.devDice())) {
            m.addProperty("dev_dice", model.devDice());
        } else {
            m.add("dev_dice", com.google.gson.JsonNull.INSTANCE);
        }
        m.add("dev_images", strings(model.devImages()));
        return m;
    }

    public static FewShotModel read(Path file) {
        if (Files.isDirectory(file)) {
            throw new SparseSamException("The model file " + file + " is a folder: give the path of a .ssam file made by 'train'.");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new SparseSamException("The model file " + file + " does not exist: give the path of a .ssam file made by 'train'.");
        } catch (IOException e) {
            throw new SparseSamException("Cannot read the model file " + file + " (" + e.getMessage() + "): check its permissions.", e);
        }
        if (size > MAX_FILE_BYTES) {
            throw problem(file, "is " + size + " bytes, more than any trained model (" + MAX_FILE_BYTES + " bytes at most)");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            JsonObject m = parseManifest(file, readEntry(zip, file, MANIFEST, MAX_MANIFEST_BYTES));
            Reader r = new Reader(file, m);
            List<Reader.Shape> shapes = r.shapes();
            long values = 0;
            for (Reader.Shape s : shapes) {
                values += s.length();
            }
            byte[] weights = readEntry(zip, file, WEIGHTS, (int) Math.min(Integer.MAX_VALUE - 8, 8 * values));
            if (weights.length != 8 * values) {
                throw problem(file, "has " + weights.length + " bytes of weights where its manifest lists " + (8 * values));
            }
            return r.model(shapes, ByteBuffer.wrap(weights));
        } catch (ZipException e) {
            throw problem(file, "is not a readable zip archive (" + e.getMessage() + "); it is truncated, damaged or not a model file");
        } catch (IOException e) {
            throw new SparseSamException("Cannot read the model file " + file + " (" + e.getMessage() + "): check the file and its permissions.", e);
        }
    }

    private static JsonObject parseManifest(Path file, byte[] bytes) {
        try {
            JsonElement e = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw problem(file, "has a manifest that is not a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw problem(file, "has a manifest that is not valid JSON (" + e.getMessage() + ")");
        }
    }

    /** An entry's bytes, refusing more than {@code limit} whatever the entry claims its size is. */
    private static byte[] readEntry(ZipFile zip, Path file, String name, int limit) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw problem(file, "has no " + name);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > limit) {
                    throw problem(file, "has a " + name + " larger than its manifest allows (" + limit + " bytes)");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (ZipException | java.io.EOFException e) {
            throw problem(file, "has a damaged " + name + " (" + e.getMessage() + ")");
        }
    }

    static SparseSamException problem(Path file, String what) {
        return new SparseSamException("The model file " + file + " " + what
                + ": it cannot be used; train the model again with 'train' (or copy the file again if it was copied).");
    }

    private static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    private static void addMatrix(Map<String, double[]> arrays, JsonArray shapes, String name, List<float[]> rows, int columns) {
        double[] flat = new double[rows.size() * columns];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns; c++) {
                flat[r * columns + c] = rows.get(r)[c];
            }
        }
        arrays.put(name, flat);
        shapes.add(shape(name, rows.size(), columns));
    }

    private static void addVector(Map<String, double[]> arrays, JsonArray shapes, String name, double[] v) {
        arrays.put(name, v);
        shapes.add(shape(name, v.length, 1));
    }

    private static JsonObject shape(String name, int rows, int columns) {
        JsonObject o = new JsonObject();
        o.addProperty("name", name);
        JsonArray dims = new JsonArray();
        dims.add(rows);
        dims.add(columns);
        o.add("shape", dims);
        return o;
    }

    /** Checked access to a parsed manifest; every failure names the file. */
    private static final class Reader {
        record Shape(String name, int rows, int columns) {
            long length() {
                return (long) rows * columns;
            }
        }

        private final Path file;
        private final JsonObject root;

        Reader(Path file, JsonObject root) {
            this.file = file;
            this.root = root;
            String format = string(root, "format", 100);
            if (!format.equals(FORMAT)) {
                throw problem(file, "is of format '" + format + "', not a Sparse SAM trained model (" + FORMAT + ")");
            }
            int version = integer(root, "format_version", 1, Integer.MAX_VALUE);
            if (version > VERSION) {
                throw new SparseSamException("The model file " + file + " has format version " + version
                        + ", newer than this Sparse SAM reads (" + VERSION + "): update Sparse SAM, or train the model again with this version.");
            }
        }

        List<Shape> shapes() {
            JsonArray a = array(root, "arrays", 64);
            List<Shape> out = new ArrayList<>();
            for (JsonElement e : a) {
                if (!e.isJsonObject()) {
                    throw problem(file, "lists an array that is not an object");
                }
                JsonObject o = e.getAsJsonObject();
                JsonArray dims = array(o, "shape", 2);
                if (dims.size() != 2) {
                    throw problem(file, "gives an array a shape that is not [rows, columns]");
                }
                int rows = number(dims.get(0), "shape", 0, 16 << 20);
                int columns = number(dims.get(1), "shape", 1, MAX_CHANNELS);
                out.add(new Shape(string(o, "name", 100), rows, columns));
            }
            return out;
        }

        FewShotModel model(List<Shape> shapes, ByteBuffer weights) {
            FewShotKind kind;
            try {
                kind = FewShotKind.parse(string(root, "kind", 40));
            } catch (SparseSamException e) {
                throw problem(file, "is of an unknown kind '" + root.get("kind") + "'");
            }
            JsonObject encoder = object(root, "encoder");
            String encoderId = string(encoder, "id", 500);
            String checksum = encoder.has("sha256") ? string(encoder, "sha256", 64) : "";
            int channels = integer(root, "channels", 1, MAX_CHANNELS);
            String stain = string(root, "stain_prior", 100);
            double radius = real(root, "object_radius", 0, 1e6);
            String dataset = root.has("dataset") ? string(root, "dataset", 1000) : "";
            List<String> training = names(root, "training_images");
            JsonObject options = object(root, "options");
            FewShotSettings settings;
            try {
                settings = new FewShotSettings(kind, integer(options, "prototypes_per_class", 1, 256),
                        integer(options, "samples_per_image", 1, Integer.MAX_VALUE), integer(options, "iterations", 1, Integer.MAX_VALUE),
                        real(options, "learning_rate", 0, 1e6), longValue(options, "seed"));
            } catch (SparseSamException e) {
                throw problem(file, "has options this version cannot use (" + e.getMessage() + ")");
            }
            double dev = root.has("dev_dice") && !root.get("dev_dice").isJsonNull() ? real(root, "dev_dice", 0, 1) : Double.NaN;
            List<String> devImages = root.has("dev_images") ? names(root, "dev_images") : List.of();

            Map<String, double[]> arrays = new LinkedHashMap<>();
            Map<String, Shape> byName = new LinkedHashMap<>();
            for (Shape s : shapes) {
                double[] v = new double[(int) s.length()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = weights.getDouble();
                    if (!Double.isFinite(v[i])) {
                        throw problem(file, "holds a value that is not a finite number in " + s.name());
                    }
                }
                if (arrays.put(s.name(), v) != null) {
                    throw problem(file, "lists the array " + s.name() + " twice");
                }
                byName.put(s.name(), s);
            }
            if (kind == FewShotKind.PROTOTYPES) {
                Prototypes p = new Prototypes(rows(arrays, byName, "prototypes/foreground", channels, 1),
                        rows(arrays, byName, "prototypes/background", channels, 0));
                return new FewShotModel(kind, encoderId, checksum, channels, p, null, stain, radius, training, dataset, settings, dev, devImages);
            }
            double[] mean = vector(arrays, "head/mean", channels);
            double[] inverseStd = vector(arrays, "head/inverse_std", channels);
            List<double[]> groups = new ArrayList<>();
            for (int g = 0; arrays.containsKey("head/" + g); g++) {
                groups.add(arrays.get("head/" + g));
            }
            HeadKind headKind = kind.head();
            int hidden = headKind == HeadKind.CONV ? integer(options, "hidden_units", 1, 4096) : 16;
            int layers = headKind == HeadKind.CONV ? integer(options, "conv_layers", 2, 3) : 2;
            HeadWeights head = new HeadWeights(headKind, hidden, layers, mean, inverseStd, groups.toArray(new double[0][]));
            try {
                head.toHead();
            } catch (IllegalArgumentException | SparseSamException e) {
                throw problem(file, "holds a " + kind.key() + " head whose weights do not fit its shape (" + e.getMessage() + ")");
            }
            return new FewShotModel(kind, encoderId, checksum, channels, null, head, stain, radius, training, dataset, settings, dev, devImages);
        }

        private List<float[]> rows(Map<String, double[]> arrays, Map<String, Shape> shapes, String name, int channels, int minRows) {
            Shape s = shapes.get(name);
            if (s == null || s.columns() != channels || s.rows() < minRows || s.rows() > MAX_PROTOTYPES) {
                throw problem(file, "lacks " + name + " of " + channels + " columns and " + minRows + " to " + MAX_PROTOTYPES + " rows");
            }
            double[] flat = arrays.get(name);
            List<float[]> out = new ArrayList<>();
            for (int r = 0; r < s.rows(); r++) {
                float[] row = new float[channels];
                for (int c = 0; c < channels; c++) {
                    row[c] = (float) flat[r * channels + c];
                }
                out.add(row);
            }
            return out;
        }

        private double[] vector(Map<String, double[]> arrays, String name, int length) {
            double[] v = arrays.get(name);
            if (v == null || v.length != length) {
                throw problem(file, "lacks " + name + " of " + length + " values");
            }
            return v;
        }

        private List<String> names(JsonObject o, String key) {
            JsonArray a = array(o, key, MAX_NAMES);
            List<String> out = new ArrayList<>();
            for (JsonElement e : a) {
                if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                    throw problem(file, "lists something other than a name in " + key);
                }
                out.add(e.getAsString());
            }
            return out;
        }

        private JsonElement required(JsonObject o, String key) {
            JsonElement e = o.get(key);
            if (e == null || e.isJsonNull()) {
                throw problem(file, "lacks '" + key + "' in its manifest");
            }
            return e;
        }

        private JsonObject object(JsonObject o, String key) {
            JsonElement e = required(o, key);
            if (!e.isJsonObject()) {
                throw problem(file, "has a '" + key + "' that is not an object");
            }
            return e.getAsJsonObject();
        }

        private JsonArray array(JsonObject o, String key, int maxSize) {
            JsonElement e = required(o, key);
            if (!e.isJsonArray() || e.getAsJsonArray().size() > maxSize) {
                throw problem(file, "has a '" + key + "' that is not a list of at most " + maxSize + " entries");
            }
            return e.getAsJsonArray();
        }

        private String string(JsonObject o, String key, int maxLength) {
            JsonElement e = required(o, key);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString() || e.getAsString().length() > maxLength) {
                throw problem(file, "has a '" + key + "' that is not a text of at most " + maxLength + " characters");
            }
            return e.getAsString();
        }

        private int integer(JsonObject o, String key, int min, int max) {
            return number(required(o, key), key, min, max);
        }

        private int number(JsonElement e, String key, int min, int max) {
            try {
                if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
                    double d = e.getAsDouble();
                    if (d == Math.rint(d) && d >= min && d <= max) {
                        return (int) d;
                    }
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw problem(file, "has a '" + key + "' that is not a whole number from " + min + " to " + max);
        }

        private long longValue(JsonObject o, String key) {
            JsonElement e = required(o, key);
            try {
                if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
                    return e.getAsLong();
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw problem(file, "has a '" + key + "' that is not a whole number");
        }

        private double real(JsonObject o, String key, double min, double max) {
            JsonElement e = required(o, key);
            try {
                if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
                    double d = e.getAsDouble();
                    if (d >= min && d <= max) {
                        return d;
                    }
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw problem(file, "has a '" + key + "' that is not a number from " + min + " to " + max);
        }
    }
}
