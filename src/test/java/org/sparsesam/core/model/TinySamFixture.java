package org.sparsesam.core.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The tiny SAM test package and the Python reference outputs made by tools/make_tiny_sam.py
 * (src/test/resources/tiny-sam): raw little-endian arrays described by reference.json.
 */
public final class TinySamFixture {
    private TinySamFixture() {}

    public static Path root() {
        try {
            return Path.of(TinySamFixture.class.getResource("/tiny-sam/package/model.json").toURI()).getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path packageFolder() {
        return root().resolve("package");
    }

    /** A writable copy of the package, for tests that damage it. */
    public static Path copyPackage(Path into) {
        try {
            Files.createDirectories(into);
            try (Stream<Path> files = Files.list(packageFolder())) {
                for (Path f : files.toList()) {
                    Files.copy(f, into.resolve(f.getFileName()));
                }
            }
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The package as a zip with model.json at its top, as a user would download it. */
    public static Path zipPackage(Path zipFile) {
        try (java.io.OutputStream out = Files.newOutputStream(zipFile); java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out);
             Stream<Path> files = Files.list(packageFolder())) {
            for (Path f : files.sorted().toList()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(f.getFileName().toString()));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zipFile;
    }

    public static JsonObject reference() {
        return readJson(root().resolve("reference/reference.json"));
    }

    public static JsonObject readJson(Path file) {
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void writeJson(Path file, JsonObject json) {
        try {
            Files.writeString(file, json.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int[] shape(String key) {
        JsonArray a = reference().getAsJsonObject("arrays").getAsJsonObject(key).getAsJsonArray("shape");
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    private static byte[] bytes(String key) {
        String file = reference().getAsJsonObject("arrays").getAsJsonObject(key).get("file").getAsString();
        try {
            return Files.readAllBytes(root().resolve("reference").resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static float[] floats(String key) {
        ByteBuffer b = ByteBuffer.wrap(bytes(key)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    /** Unsigned bytes as ints (0..255). */
    public static int[] bytesAsInts(String key) {
        byte[] raw = bytes(key);
        int[] out = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = raw[i] & 0xff;
        }
        return out;
    }
}
