package org.sparsesam.core.encode.sam;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.Encoder;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.model.ModelManifest;
import org.sparsesam.core.model.ModelPackage;

/**
 * A SAM-family image encoder run by ONNX Runtime. The session is opened once (checked against the
 * manifest), reused for every image, and closed by {@link #close()}. Thread-safe: ONNX Runtime sessions
 * may run concurrently.
 */
public final class SamEncoder implements Encoder {
    private final ModelManifest manifest;
    private final String id;
    private final SamPreprocessor preprocessor;
    private final OrtSession session;
    private final String provider;
    private final Path decoderTorchScript;

    /** Opens the encoder of {@code pkg} on {@code device}; the note saying where it runs goes to {@code progress}. */
    public SamEncoder(ModelPackage pkg, Device device, Progress progress) {
        this.manifest = pkg.manifest();
        this.id = "sam:" + pkg.id();
        this.preprocessor = new SamPreprocessor(manifest);
        this.decoderTorchScript = manifest.decoderTorchScriptFile().map(pkg::file).orElse(null);
        Path file = pkg.encoderFile();
        String role = "SAM encoder of " + manifest.name();
        OrtSessions.Opened opened = OrtSessions.open(file, device, role, progress);
        this.session = opened.session();
        this.provider = opened.provider();
        try {
            long s = manifest.inputSize();
            OrtSessions.requireNames(session, true, List.of(manifest.encoderInput()), role, file);
            OrtSessions.requireNames(session, false, List.of(manifest.encoderOutput()), role, file);
            OrtSessions.requireShape(session, true, manifest.encoderInput(), new long[] {1, 3, s, s}, role, file);
            OrtSessions.requireShape(session, false, manifest.encoderOutput(), expectedEmbeddingShape(), role, file);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    private long[] expectedEmbeddingShape() {
        return new long[] {1, manifest.embeddingChannels(), manifest.embeddingSize(), manifest.embeddingSize()};
    }

    @Override
    public String id() {
        return id;
    }

    /** "CUDA" or "CPU": where the session runs. */
    public String executionProvider() {
        return provider;
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /**
     * The package's trainable TorchScript decoder (read when SAM tuning starts, so the package folder must
     * outlive this encoder), or empty when the package has none.
     */
    public java.util.Optional<Path> decoderTorchScript() {
        return java.util.Optional.ofNullable(decoderTorchScript);
    }

    public SamPreprocessor preprocessor() {
        return preprocessor;
    }

    @Override
    public FeatureGrid encode(RasterImage image, Progress progress, CancelToken cancel) {
        return embed(image, progress, cancel).toFeatureGrid();
    }

    /** Preprocesses and encodes one image. */
    public SamEmbedding embed(RasterImage image, Progress progress, CancelToken cancel) {
        cancel.throwIfCancelled();
        progress.report("prepare image for SAM", 0.0);
        SamInput input = preprocessor.prepare(image, progress);
        cancel.throwIfCancelled();
        progress.report("SAM encoder", 0.1);
        SamEmbedding embedding = embed(input);
        progress.report("SAM encoder", 1.0);
        return embedding;
    }

    /** Encodes an already prepared input: the session run and nothing else (what bench calls "raw"). */
    public SamEmbedding embed(SamInput input) {
        long s = manifest.inputSize();
        long[] shape = {1, 3, s, s};
        try (OnnxTensor tensor = OnnxTensor.createTensor(OrtSessions.environment(), FloatBuffer.wrap(input.tensor()), shape);
             OrtSession.Result result = session.run(Map.of(manifest.encoderInput(), tensor))) {
            OnnxValue value = result.get(manifest.encoderOutput()).orElseThrow();
            OnnxTensor out = (OnnxTensor) value;
            long[] got = out.getInfo().getShape();
            if (!Arrays.equals(got, expectedEmbeddingShape())) {
                throw new SparseSamException("The SAM encoder of " + manifest.name() + " produced an embedding of shape "
                        + Arrays.toString(got) + " but its model.json says " + Arrays.toString(expectedEmbeddingShape())
                        + ": fix embedding_shape in model.json or re-export the package.");
            }
            FloatBuffer buffer = out.getFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return new SamEmbedding(values, manifest.embeddingChannels(), manifest.embeddingSize(), input.frame(), id);
        } catch (OrtException e) {
            throw new SparseSamException("The SAM encoder of " + manifest.name() + " failed (" + e.getMessage()
                    + "): if this repeats, try --device cpu or re-export the package.", e);
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            session.close();
        } catch (OrtException e) {
            // Closing only frees native memory; nothing the user could act on.
        }
    }
}
