package org.sparsesam.core.tune.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.BuiltinEncoder;
import org.sparsesam.core.encode.sam.Device;
import org.sparsesam.core.encode.sam.SamModel;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.model.ModelPackage;
import org.sparsesam.core.model.TinySamFixture;

/** tune = sam through the one front end, with the tiny SAM package as encoder. */
class SamTuningTest {

    private static SamModel tinyEncoder(Path packageFolder) {
        return SamModel.openOwning(ModelPackage.open(packageFolder), Device.CPU, Progress.NONE);
    }

    private static SegmentOptions samTuning(int iterations) {
        return SegmentOptions.builder().tune("sam").tuneIterations(iterations).learningRate(1e-2).build();
    }

    @Test
    void segmentsWithTheTunedDecoderAndSaysWhichIterationItKept() {
        RasterImage image = TinySamTuning.image();
        SegmentResult untuned, tuned;
        try (SparseSam plain = new SparseSam(SegmentOptions.builder().build(), tinyEncoder(TinySamFixture.packageFolder()))) {
            untuned = plain.segment(image, TinySamTuning.clicks(), Progress.NONE, CancelToken.none());
        }
        try (SparseSam sam = new SparseSam(samTuning(5), tinyEncoder(TinySamFixture.packageFolder()))) {
            tuned = sam.segment(image, TinySamTuning.clicks(), Progress.NONE, CancelToken.none());
            // A second click set on the same image reuses the embedding and tunes again.
            SegmentResult again = sam.segment(image, TinySamTuning.clicks(), Progress.NONE, CancelToken.none());
            assertTrue(again.stageMillis().containsKey("encode (cached)"), again.stageMillis().toString());
            assertEquals(tuned.probability().data().length, again.probability().data().length);
        }
        assertEquals(image.width(), tuned.probability().width());
        assertEquals(image.height(), tuned.probability().height());
        for (float p : tuned.probability().data()) {
            assertTrue(p >= 0 && p <= 1, "probability " + p);
        }
        assertTrue(tuned.notes().stream().anyMatch(n -> n.startsWith("tuned SAM decoder: kept iteration")), tuned.notes().toString());
        assertTrue(tuned.stageMillis().containsKey("tune: per SAM iteration"));
        // The map is now the decoder's mask, not the self-similarity map.
        assertNotEquals(java.util.Arrays.hashCode(untuned.probability().data()), java.util.Arrays.hashCode(tuned.probability().data()));
    }

    @Test
    void theBuiltinEncoderHasNoDecoderToTune() {
        SparseSamException e = assertThrows(SparseSamException.class, () -> new SparseSam(samTuning(5), new BuiltinEncoder()));
        assertTrue(e.getMessage().contains("tune = head") && e.getMessage().contains("SAM model package"), e.getMessage());
    }

    @Test
    void aPackageWithoutTorchScriptDecoderSaysHowToGetOne(@TempDir Path temp) {
        Path copy = TinySamFixture.copyPackage(temp.resolve("pkg"));
        JsonObject manifest = TinySamFixture.readJson(copy.resolve("model.json"));
        manifest.remove("decoder_torchscript");
        manifest.getAsJsonObject("files").remove("decoder.torchscript.pt");
        TinySamFixture.writeJson(copy.resolve("model.json"), manifest);
        try (SparseSam sam = new SparseSam(samTuning(5), tinyEncoder(copy))) {
            SparseSamException e = assertThrows(SparseSamException.class,
                    () -> sam.segment(TinySamTuning.image(), TinySamTuning.clicks(), Progress.NONE, CancelToken.none()));
            assertTrue(e.getMessage().contains("no trainable TorchScript decoder") && e.getMessage().contains("tools/sam_export.py"),
                    e.getMessage());
        }
    }

    @Test
    void optionsAcceptSam() {
        assertEquals("sam", SegmentOptions.builder().tune("SAM").build().tune());
        SparseSamException e = assertThrows(SparseSamException.class, () -> SegmentOptions.builder().tune("decoder").build());
        assertTrue(e.getMessage().contains("none, head or sam"), e.getMessage());
    }
}
