package org.sparsesam.core.model;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.sparsesam.core.SparseSamException;

/**
 * What each file of an installed package looked like when its SHA-256 was last checked (size, modification
 * time, checksum). Hashing a multi-gigabyte encoder at every start would cost seconds, so at load a file whose
 * size and time still match is trusted and any other file is hashed again: a changed file is always caught.
 */
final class InstallStamp {
    static final String FILE = ".verified.json";

    private final JsonObject files;

    private InstallStamp(JsonObject files) {
        this.files = files;
    }

    /** The stamp of a folder, or null when there is none or it cannot be read (then everything is hashed). */
    static InstallStamp read(Path folder) {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return new InstallStamp(JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Records the current size and time of the listed files, whose checksums have just been verified. */
    static void write(Path folder, Map<String, String> sha256ByFile) {
        JsonObject files = new JsonObject();
        try {
            for (Map.Entry<String, String> e : sha256ByFile.entrySet()) {
                Path p = folder.resolve(e.getKey());
                JsonObject f = new JsonObject();
                f.addProperty("size", Files.size(p));
                f.addProperty("modified", Files.getLastModifiedTime(p).toMillis());
                f.addProperty("sha256", e.getValue());
                files.add(e.getKey(), f);
            }
            Files.writeString(folder.resolve(FILE), files.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SparseSamException("Cannot write " + folder.resolve(FILE) + " (" + e.getMessage()
                    + "): check the model folder's permissions and free space.", e);
        }
    }

    /** True when the file still has the size and time it had when this checksum was verified. */
    boolean vouchesFor(String name, Path file, String sha256) throws IOException {
        JsonObject f = files.has(name) && files.get(name).isJsonObject() ? files.getAsJsonObject(name) : null;
        return f != null
                && f.has("size") && f.get("size").getAsLong() == Files.size(file)
                && f.has("modified") && f.get("modified").getAsLong() == Files.getLastModifiedTime(file).toMillis()
                && f.has("sha256") && sha256.equals(f.get("sha256").getAsString());
    }
}
