package org.sparsesam.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.BuiltinEncoder;
import org.sparsesam.core.encode.Encoder;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.eval.SyntheticTissue;
import org.sparsesam.core.fewshot.FewShotFixture;
import org.sparsesam.core.fewshot.FewShotKind;
import org.sparsesam.core.fewshot.FewShotModel;
import org.sparsesam.core.image.RasterImage;

class TrainedModelFileTest {
    @TempDir
    Path tmp;

    private static SegmentResult apply(FewShotModel model, Encoder encoder) {
        SyntheticTissue unseen = SyntheticTissue.nuclei(80, 72, 42);
        try (SparseSam sam = new SparseSam(SegmentOptions.defaults(), encoder)) {
            return sam.segment(unseen.image(), List.of(), model, Progress.NONE, CancelToken.none());
        }
    }

    private void assertRoundTripGivesTheSameSegmentation(FewShotKind kind) {
        FewShotModel model = FewShotFixture.train(kind).withDev(0.875, List.of("c.png"));
        Path file = tmp.resolve(kind.key() + ".ssam");
        TrainedModelFile.write(model, file);
        FewShotModel read = TrainedModelFile.read(file);
        assertEquals(model.kind(), read.kind());
        assertEquals(model.encoderId(), read.encoderId());
        assertEquals(model.trainingImages(), read.trainingImages());
        assertEquals(model.stainPrior(), read.stainPrior());
        assertEquals(model.objectRadius(), read.objectRadius());
        assertEquals(model.settings(), read.settings());
        assertEquals(0.875, read.devDice());
        assertEquals(List.of("c.png"), read.devImages());
        SegmentResult before = apply(model, new BuiltinEncoder());
        SegmentResult after = apply(read, new BuiltinEncoder());
        assertTrue(before.count() > 0, "the model finds nuclei");
        assertArrayEquals(before.labels().data(), after.labels().data());
        assertArrayEquals(before.probability().data(), after.probability().data());
    }

    @Test
    void prototypeModelRoundTripSegmentsIdentically() {
        assertRoundTripGivesTheSameSegmentation(FewShotKind.PROTOTYPES);
    }

    @Test
    void linearModelRoundTripSegmentsIdentically() {
        assertRoundTripGivesTheSameSegmentation(FewShotKind.LINEAR);
    }

    @Test
    void cnnModelRoundTripSegmentsIdentically() {
        assertRoundTripGivesTheSameSegmentation(FewShotKind.CNN);
    }

    /** The built-in features under another name: what a model trained with another encoder would meet. */
    private static final class OtherEncoder implements Encoder {
        private final BuiltinEncoder features = new BuiltinEncoder();

        @Override
        public String id() {
            return "other-encoder-v1";
        }

        @Override
        public FeatureGrid encode(RasterImage image, Progress progress, CancelToken cancel) {
            return features.encode(image, progress, cancel);
        }
    }

    @Test
    void aModelFileGetsTheSamePermissionsAsAnyNewFile() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path model = tmp.resolve("shared.ssam");
        TrainedModelFile.write(FewShotFixture.train(FewShotKind.PROTOTYPES), model);
        Path plain = Files.createFile(tmp.resolve("plain.txt"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(model), "as the umask says, not owner-only");
        try (var files = Files.list(tmp)) {
            assertEquals(List.of("plain.txt", "shared.ssam"), files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left");
        }
    }

    @Test
    void applyingWithAnotherEncoderIsRefused() {
        FewShotModel model = FewShotFixture.train(FewShotKind.PROTOTYPES);
        SparseSamException e = assertThrows(SparseSamException.class, () -> apply(model, new OtherEncoder()));
        assertTrue(e.getMessage().contains("trained with the encoder '" + BuiltinEncoder.ID + "'")
                && e.getMessage().contains("other-encoder-v1"), e.getMessage());
        // a model of the hand-made features, the default before the learned encoder, says how to choose them
        assertTrue(e.getMessage().contains("--encoder handmade"), e.getMessage());
    }

    private Path savedModel() {
        Path file = tmp.resolve("model.ssam");
        TrainedModelFile.write(FewShotFixture.train(FewShotKind.LINEAR), file);
        return file;
    }

    private static void assertRefused(Path file, String expected) {
        SparseSamException e = assertThrows(SparseSamException.class, () -> TrainedModelFile.read(file));
        assertTrue(e.getMessage().startsWith("The model file " + file), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("train the model again"), "says what to do: " + e.getMessage());
    }

    @Test
    void aTruncatedFileIsAClearMessage() throws IOException {
        Path file = savedModel();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertRefused(file, "truncated");
    }

    @Test
    void aFileThatIsNotAZipIsAClearMessage() throws IOException {
        Path file = tmp.resolve("picture.ssam");
        Files.write(file, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3, 4});
        assertRefused(file, "not a readable zip");
    }

    /** Rewrites the model's zip with {@code manifest} (null: left out) and {@code weights} (null: as they were). */
    private Path rewritten(String manifest, byte[] weights) throws IOException {
        Path source = savedModel();
        Path file = tmp.resolve("edited.ssam");
        try (ZipFile in = new ZipFile(source.toFile()); OutputStream os = Files.newOutputStream(file);
             ZipOutputStream out = new ZipOutputStream(os)) {
            if (manifest != null) {
                out.putNextEntry(new ZipEntry(TrainedModelFile.MANIFEST));
                out.write(manifest.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry(TrainedModelFile.WEIGHTS));
            out.write(weights != null ? weights : in.getInputStream(in.getEntry(TrainedModelFile.WEIGHTS)).readAllBytes());
            out.closeEntry();
        }
        return file;
    }

    private String savedManifest() throws IOException {
        try (ZipFile in = new ZipFile(savedModel().toFile())) {
            return new String(in.getInputStream(in.getEntry(TrainedModelFile.MANIFEST)).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aMissingManifestIsAClearMessage() throws IOException {
        assertRefused(rewritten(null, null), "has no manifest.json");
    }

    @Test
    void weightsOfTheWrongLengthAreAClearMessage() throws IOException {
        assertRefused(rewritten(savedManifest(), new byte[16]), "bytes of weights where its manifest lists");
    }

    @Test
    void aManifestThatIsNotJsonIsAClearMessage() throws IOException {
        assertRefused(rewritten("{ not json", null), "not valid JSON");
    }

    @Test
    void aNewerFormatVersionAsksForAnUpdate() throws IOException {
        Path file = rewritten(savedManifest().replace("\"format_version\": 1", "\"format_version\": 99"), null);
        SparseSamException e = assertThrows(SparseSamException.class, () -> TrainedModelFile.read(file));
        assertTrue(e.getMessage().contains("format version 99") && e.getMessage().contains("update Sparse SAM"), e.getMessage());
    }

    @Test
    void anOversizedFileIsRefusedBeforeReading() throws IOException {
        Path file = tmp.resolve("huge.ssam");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(TrainedModelFile.MAX_FILE_BYTES + 1);
        }
        assertRefused(file, "more than any trained model");
    }

    @Test
    void aMissingFileSaysSo() {
        SparseSamException e = assertThrows(SparseSamException.class, () -> TrainedModelFile.read(tmp.resolve("none.ssam")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
