package org.sparsesam.core.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.encode.histology.HistologyEncoder;
import org.junit.jupiter.api.io.TempDir;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.sam.Device;
import org.sparsesam.core.encode.sam.SamModel;
import org.sparsesam.core.eval.SyntheticTissue;
import org.sparsesam.core.model.ModelStore;
import org.sparsesam.core.model.TinySamFixture;

class EncoderFactoryTest {
    @TempDir
    Path temp;

    private final List<String> notes = new ArrayList<>();
    private final Progress noting = new Progress() {
        public void report(String stage, double fraction) {}
        public void note(String message) {
            notes.add(message);
        }
    };

    private ModelStore emptyStore() {
        return new ModelStore(temp.resolve("models"));
    }

    @Test
    void builtinInAnyCaseIsTheShippedLearnedEncoder() {
        try (Encoder e = EncoderFactory.create(" Builtin ", Device.AUTO, emptyStore(), noting)) {
            assertInstanceOf(HistologyEncoder.class, e);
            assertEquals("histology-v1", e.id());
        }
    }

    @Test
    void handmadeInAnyCaseIsTheHandMadeEncoder() {
        for (String name : List.of("handmade", " HandMade ", "builtin-v1")) {
            try (Encoder e = EncoderFactory.create(name, Device.AUTO, emptyStore(), noting)) {
                assertInstanceOf(BuiltinEncoder.class, e, name);
            }
        }
    }

    @Test
    void anInstalledModelByNameOnTheChosenDevice() {
        ModelStore store = emptyStore();
        store.install(TinySamFixture.packageFolder(), false);
        try (Encoder e = EncoderFactory.create("tiny-sam", Device.CPU, store, noting)) {
            SamModel sam = assertInstanceOf(SamModel.class, e);
            assertEquals("CPU", sam.encoder().executionProvider());
            assertTrue(e.id().startsWith("sam:tiny-sam@"), e.id());
        }
        // one line for each session the package opens: the encoder's and the decoder's
        assertEquals(2, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("SAM encoder") && notes.get(1).startsWith("SAM decoder"), notes.toString());
        notes.forEach(n -> assertTrue(n.contains("runs on CPU") && n.contains("--device cpu"), n));
    }

    @Test
    void aPackageFolderOrZipByPath() throws IOException {
        Path zip = TinySamFixture.zipPackage(temp.resolve("tiny.zip"));
        String folderId;
        try (Encoder e = EncoderFactory.create(TinySamFixture.packageFolder().toString(), Device.CPU, emptyStore(), noting)) {
            folderId = e.id();
        }
        try (Encoder e = EncoderFactory.create(zip.toString(), Device.CPU, emptyStore(), noting)) {
            assertEquals(folderId, e.id(), "same weights, same cache identity");
            // The zip was unpacked into a temporary folder that is gone by now: the session must not need it.
            FeatureGrid grid = e.encode(SyntheticTissue.nuclei(64, 48, 1).image(), Progress.NONE, CancelToken.none());
            assertEquals(32, grid.channelCount());
        }
    }

    @Test
    void anUnknownNameListsWhatIsInstalled() {
        String none = assertThrows(SparseSamException.class,
                () -> EncoderFactory.create("vit-h", Device.AUTO, emptyStore(), noting)).getMessage();
        assertTrue(none.contains("'vit-h'") && none.contains("no model is installed") && none.contains("model install"), none);
        ModelStore store = emptyStore();
        store.install(TinySamFixture.packageFolder(), false);
        String some = assertThrows(SparseSamException.class,
                () -> EncoderFactory.create("vit-h", Device.AUTO, store, noting)).getMessage();
        assertTrue(some.contains("installed in " + store.root() + ": tiny-sam"), some);
    }

    @Test
    void aPackageForAnotherArchitectureIsRefused() {
        Path other = TinySamFixture.copyPackage(temp.resolve("dino"));
        JsonObject manifest = TinySamFixture.readJson(other.resolve("model.json"));
        manifest.addProperty("family", "dinov2");
        TinySamFixture.writeJson(other.resolve("model.json"), manifest);
        String message = assertThrows(SparseSamException.class,
                () -> EncoderFactory.create(other.toString(), Device.CPU, emptyStore(), noting)).getMessage();
        assertTrue(message.contains("'dinov2'") && message.contains("efficientvit-sam, mobilesam, sam"), message);
    }

    @Test
    void aDamagedEncoderFileIsRefused() throws IOException {
        Path damaged = TinySamFixture.copyPackage(temp.resolve("damaged"));
        byte[] onnx = Files.readAllBytes(damaged.resolve("encoder.onnx"));
        Files.write(damaged.resolve("encoder.onnx"), java.util.Arrays.copyOf(onnx, onnx.length / 2));
        String message = assertThrows(SparseSamException.class,
                () -> EncoderFactory.create(damaged.toString(), Device.CPU, emptyStore(), noting)).getMessage();
        assertTrue(message.contains("encoder.onnx") && message.contains("SHA-256"), message);
        assertFalse(notes.stream().anyMatch(n -> n.contains("runs on")), "no session was opened");
    }
}
