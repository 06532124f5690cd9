package org.sparsesam.core.encode.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.model.Checksums;
import org.sparsesam.core.model.ModelPackage;
import org.sparsesam.core.model.TinySamFixture;

/** Packages whose checksums are right but whose models are not what the manifest says. */
class SamPackageProblemsTest {
    @TempDir
    Path temp;
    private int packages;

    private Path damagedPackage(Consumer<JsonObject> manifestEdit) {
        Path pkg = TinySamFixture.copyPackage(temp.resolve("pkg" + packages++));
        JsonObject json = TinySamFixture.readJson(pkg.resolve("model.json"));
        manifestEdit.accept(json);
        TinySamFixture.writeJson(pkg.resolve("model.json"), json);
        return pkg;
    }

    private static String encoderRefusal(Path pkgFolder) {
        return assertThrows(SparseSamException.class, () -> {
            try (ModelPackage pkg = ModelPackage.open(pkgFolder); SamEncoder e = new SamEncoder(pkg, Device.CPU, Progress.NONE)) {
                e.id();
            }
        }).getMessage();
    }

    private static String decoderRefusal(Path pkgFolder) {
        return assertThrows(SparseSamException.class, () -> {
            try (ModelPackage pkg = ModelPackage.open(pkgFolder); SamDecoder d = new SamDecoder(pkg, Device.CPU, Progress.NONE)) {
                d.executionProvider();
            }
        }).getMessage();
    }

    @Test
    void refusesATruncatedOnnxFileEvenWithAMatchingChecksum() throws IOException {
        Path pkg = TinySamFixture.copyPackage(temp.resolve("pkg"));
        byte[] whole = Files.readAllBytes(pkg.resolve("encoder.onnx"));
        Files.write(pkg.resolve("encoder.onnx"), Arrays.copyOf(whole, whole.length / 2));
        JsonObject json = TinySamFixture.readJson(pkg.resolve("model.json"));
        json.getAsJsonObject("files").addProperty("encoder.onnx", Checksums.sha256(pkg.resolve("encoder.onnx")));
        TinySamFixture.writeJson(pkg.resolve("model.json"), json);
        String message = encoderRefusal(pkg);
        assertTrue(message.contains("encoder.onnx") && message.contains("truncated, damaged or not an ONNX model"), message);
    }

    @Test
    void refusesWrongTensorNames() {
        String encoder = encoderRefusal(damagedPackage(j -> j.getAsJsonObject("encoder").addProperty("input", "pixels")));
        assertTrue(encoder.contains("[image]") && encoder.contains("[pixels]"), encoder);
        String decoder = decoderRefusal(damagedPackage(j -> {
            JsonArray inputs = j.getAsJsonObject("decoder").getAsJsonArray("inputs");
            inputs.set(1, new com.google.gson.JsonPrimitive("coords"));
        }));
        assertTrue(decoder.contains("coords") && decoder.contains("point_coords"), decoder);
    }

    @Test
    void refusesAnEmbeddingShapeTheModelDoesNotHave() {
        JsonArray shape = new JsonArray();
        for (int v : new int[] {1, 64, 16, 16}) {
            shape.add(v);
        }
        Path pkg = damagedPackage(j -> j.add("embedding_shape", shape));
        String encoder = encoderRefusal(pkg);
        assertTrue(encoder.contains("image_embeddings") && encoder.contains("[1, 64, 16, 16]"), encoder);
        String decoder = decoderRefusal(pkg);
        assertTrue(decoder.contains("image_embeddings") && decoder.contains("[1, 32, 16, 16]"), decoder);
    }

    @Test
    void refusesAnInputSizeTheModelDoesNotTake() {
        JsonArray shape = new JsonArray();
        for (int v : new int[] {1, 32, 32, 32}) {
            shape.add(v);
        }
        String message = encoderRefusal(damagedPackage(j -> {
            j.addProperty("input_size", 256);
            j.add("embedding_shape", shape);
        }));
        assertTrue(message.contains("'image'") && message.contains("[1, 3, 128, 128]"), message);
    }

    @Test
    void gpuRequestWithoutCudaFallsBackToCpuAndSaysWhy() {
        Assumptions.assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
                "this ONNX Runtime build has CUDA: the fallback is not exercised here");
        List<String> notes = new ArrayList<>();
        Progress progress = new Progress() {
            public void report(String stage, double fraction) {}
            public void note(String message) {
                notes.add(message);
            }
        };
        try (ModelPackage pkg = ModelPackage.open(TinySamFixture.packageFolder());
             SamEncoder encoder = new SamEncoder(pkg, Device.GPU, progress)) {
            assertEquals("CPU", encoder.executionProvider());
        }
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("GPU was requested") && notes.get(0).contains("runs on CPU"), notes.get(0));
    }

    @Test
    void deviceNamesParse() {
        assertEquals(Device.CPU, Device.parse("CPU"));
        assertEquals(Device.GPU, Device.parse("gpu"));
        assertEquals(Device.AUTO, Device.parse(" auto "));
        assertTrue(assertThrows(SparseSamException.class, () -> Device.parse("tpu")).getMessage().contains("'tpu'"));
    }
}
