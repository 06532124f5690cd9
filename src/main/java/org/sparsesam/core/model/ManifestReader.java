package org.sparsesam.core.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.sparsesam.core.SparseSamException;

/**
 * Walks a model manifest's JSON tree, turning every absent or out-of-range value into a message that names it, the
 * manifest and the fix. Shared by the manifests of model packages and of shipped models.
 */
public final class ManifestReader {
    /** A name that is safe as a file or folder name: 1-64 letters, digits, '.', '_' or '-', not starting with a dot. */
    public static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** A SHA-256 in lower-case hexadecimal. */
    public static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final JsonObject root;
    private final String where;
    private final String fix;
    private final Set<String> reservedFileNames;

    /**
     * @param where             names the manifest in messages (its path)
     * @param fix               what every message ends with: what the user can do about a bad manifest
     * @param reservedFileNames names a manifest may not give its files (the manifest's own)
     */
    public ManifestReader(JsonObject root, String where, String fix, Set<String> reservedFileNames) {
        this.root = root;
        this.where = where;
        this.fix = fix;
        this.reservedFileNames = Set.copyOf(reservedFileNames);
    }

    /** Parses {@code json}, which must be an object; {@code fix} ends the message when it is not. */
    public static JsonObject parseObject(String json, String where, String fix) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new SparseSamException(where + " is not valid JSON (" + e.getMessage() + "): " + fix, e);
        }
        if (!root.isJsonObject()) {
            throw new SparseSamException(where + " is not a JSON object: " + fix);
        }
        return root.getAsJsonObject();
    }

    public JsonObject root() {
        return root;
    }

    public String where() {
        return where;
    }

    public SparseSamException problem(String what) {
        return new SparseSamException("The model manifest " + where + " " + what + ": " + fix);
    }

    private JsonElement field(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw problem("has no \"" + key + "\"");
        }
        return e;
    }

    public String string(JsonObject o, String key) {
        JsonElement e = field(o, key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString() || e.getAsString().isBlank()) {
            throw problem("has \"" + key + "\": " + e + " where a non-empty text is expected");
        }
        return e.getAsString();
    }

    public String optionalString(JsonObject o, String key, String fallback) {
        return o.has(key) && !o.get(key).isJsonNull() ? string(o, key) : fallback;
    }

    public JsonObject object(JsonObject o, String key) {
        JsonElement e = field(o, key);
        if (!e.isJsonObject()) {
            throw problem("has \"" + key + "\": " + e + " where an object is expected");
        }
        return e.getAsJsonObject();
    }

    public JsonArray array(JsonObject o, String key) {
        JsonElement e = field(o, key);
        if (!e.isJsonArray()) {
            throw problem("has \"" + key + "\": " + e + " where a list is expected");
        }
        return e.getAsJsonArray();
    }

    public int integer(JsonObject o, String key, int min, int max) {
        return checkedInt(field(o, key), "\"" + key + "\"", min, max);
    }

    public int element(JsonArray a, String key, int i, int min, int max) {
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

    /** A number from {@code min} to {@code max}. */
    public double number(JsonObject o, String key, double min, double max) {
        JsonElement e = field(o, key);
        double v;
        try {
            v = e.getAsDouble();
        } catch (RuntimeException ex) {
            throw problem("has \"" + key + "\" = " + e + " where a number is expected");
        }
        if (!(v >= min && v <= max)) {
            throw problem("has \"" + key + "\" = " + e + "; expected a number from " + min + " to " + max);
        }
        return v;
    }

    public double[] numbers(JsonObject o, String key, int count, double min, double max) {
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

    public List<String> strings(JsonObject o, String key, int count) {
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

    public String fileName(JsonObject o, String key) {
        return checkFileName(string(o, key));
    }

    /** Package files sit at the package's top level: a name with a path in it could point anywhere. */
    public String checkFileName(String file) {
        if (!SAFE_NAME.matcher(file).matches() || reservedFileNames.contains(file)) {
            throw problem("names the file '" + file + "'; package files are plain names (letters, digits,"
                    + " '.', '_', '-') at the top of the package");
        }
        return file;
    }
}
