package org.sparsesam.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.SparseSamException;

class ModelManifestTest {

    private static JsonObject good() {
        return TinySamFixture.readJson(TinySamFixture.packageFolder().resolve("model.json"));
    }

    private static String refusal(Consumer<JsonObject> damage) {
        JsonObject json = good();
        damage.accept(json);
        return assertThrows(SparseSamException.class, () -> ModelManifest.parse(json.toString(), "model.json")).getMessage();
    }

    private static JsonArray array(int... values) {
        JsonArray a = new JsonArray();
        for (int v : values) {
            a.add(v);
        }
        return a;
    }

    @Test
    void readsTheTinyPackageManifest() {
        ModelManifest m = ModelManifest.read(TinySamFixture.packageFolder().resolve("model.json"));
        assertEquals("tiny-sam", m.name());
        assertEquals("sam", m.family());
        assertEquals(128, m.inputSize());
        assertArrayEquals(new double[] {123.675, 116.28, 103.53}, m.pixelMean());
        assertArrayEquals(new double[] {58.395, 57.12, 57.375}, m.pixelStd());
        assertEquals(32, m.embeddingChannels());
        assertEquals(16, m.embeddingSize());
        assertEquals(64, m.lowResMaskSize());
        assertEquals("encoder.onnx", m.encoderFile());
        assertEquals("image", m.encoderInput());
        assertEquals("image_embeddings", m.encoderOutput());
        assertEquals(4, m.numMasks());
        assertEquals(3, m.sha256ByFile().size());
        assertEquals("Apache-2.0", m.licence());
    }

    @Test
    void refusesAbsurdEmbeddingShapes() {
        assertTrue(refusal(j -> j.add("embedding_shape", array(1, 32, 16, -1))).contains("embedding_shape"));
        assertTrue(refusal(j -> j.add("embedding_shape", array(1, 2_000_000_000, 16, 16))).contains("embedding_shape"));
        assertTrue(refusal(j -> j.add("embedding_shape", array(1, 32, 15, 15))).contains("dividing input_size"));
        assertTrue(refusal(j -> j.add("embedding_shape", array(1, 32, 16))).contains("[1, channels, size, size]"));
        assertTrue(refusal(j -> j.addProperty("input_size", 1_000_000)).contains("input_size"));
        assertTrue(refusal(j -> j.add("pixel_std", array(58, 0, 57))).contains("pixel_std"));
    }

    @Test
    void refusesAnUnknownFamilyNamingTheSupportedOnes() {
        String message = refusal(j -> j.addProperty("family", "sam2-hiera"));
        assertTrue(message.contains("sam2-hiera") && message.contains("mobilesam"), message);
    }

    @Test
    void refusesFileNamesThatPointOutsideThePackage() {
        String message = refusal(j -> j.getAsJsonObject("encoder").addProperty("file", "../../etc/passwd"));
        assertTrue(message.contains("../../etc/passwd"), message);
    }

    @Test
    void refusesMissingFieldsChecksumsAndBrokenJson() {
        assertTrue(refusal(j -> j.remove("input_size")).contains("\"input_size\""));
        assertTrue(refusal(j -> j.getAsJsonObject("files").remove("decoder.onnx")).contains("no SHA-256 for decoder.onnx"));
        assertTrue(refusal(j -> j.getAsJsonObject("files").addProperty("encoder.onnx", "abc")).contains("SHA-256"));
        assertTrue(refusal(j -> j.addProperty("name", "a/b")).contains("'a/b'"));
        SparseSamException e = assertThrows(SparseSamException.class, () -> ModelManifest.parse("{\"name\": ", "m.json"));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void theTorchScriptDecoderIsOptionalButMustBeListedWithAChecksum() {
        assertEquals(java.util.Optional.of("decoder.torchscript.pt"),
                ModelManifest.read(TinySamFixture.packageFolder().resolve("model.json")).decoderTorchScriptFile());
        JsonObject old = good();
        old.remove("decoder_torchscript");
        old.getAsJsonObject("files").remove("decoder.torchscript.pt");
        assertTrue(ModelManifest.parse(old.toString(), "model.json").decoderTorchScriptFile().isEmpty());
        assertTrue(refusal(j -> j.getAsJsonObject("files").remove("decoder.torchscript.pt"))
                .contains("no SHA-256 for decoder.torchscript.pt"));
        assertTrue(refusal(j -> j.addProperty("decoder_torchscript", "../decoder.pt")).contains("'../decoder.pt'"));
    }
}
