package org.sparsesam.core.encode.sam;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.OrtSessions;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.model.ModelManifest;
import org.sparsesam.core.model.ModelPackage;
import org.sparsesam.core.prompt.Point;

/**
 * SAM's prompt encoder and mask decoder run by ONNX Runtime: turns clicks (and optionally a box or an
 * earlier mask) on an encoded image into object masks. The session is opened once and reused; close it.
 */
public final class SamDecoder implements AutoCloseable {
    private static final float LABEL_BACKGROUND = 0f, LABEL_FOREGROUND = 1f;
    private static final float LABEL_BOX_TOP_LEFT = 2f, LABEL_BOX_BOTTOM_RIGHT = 3f, LABEL_PADDING = -1f;

    private final ModelManifest manifest;
    private final OrtSession session;
    private final String provider;
    private final String embeddingsName, coordsName, labelsName, maskName, hasMaskName, masksName, scoresName;

    public SamDecoder(ModelPackage pkg, Device device, Progress progress) {
        this.manifest = pkg.manifest();
        List<String> in = manifest.decoderInputs(), out = manifest.decoderOutputs();
        embeddingsName = in.get(0);
        coordsName = in.get(1);
        labelsName = in.get(2);
        maskName = in.get(3);
        hasMaskName = in.get(4);
        masksName = out.get(0);
        scoresName = out.get(1);
        Path file = pkg.decoderFile();
        String role = "SAM decoder of " + manifest.name();
        OrtSessions.Opened opened = OrtSessions.open(file, device, role, progress);
        this.session = opened.session();
        this.provider = opened.provider();
        try {
            long c = manifest.embeddingChannels(), e = manifest.embeddingSize(), m = manifest.lowResMaskSize();
            OrtSessions.requireNames(session, true, in, role, file);
            OrtSessions.requireNames(session, false, out, role, file);
            OrtSessions.requireShape(session, true, embeddingsName, new long[] {1, c, e, e}, role, file);
            OrtSessions.requireShape(session, true, coordsName, new long[] {1, -1, 2}, role, file);
            OrtSessions.requireShape(session, true, labelsName, new long[] {1, -1}, role, file);
            OrtSessions.requireShape(session, true, maskName, new long[] {1, 1, m, m}, role, file);
            OrtSessions.requireShape(session, true, hasMaskName, new long[] {1}, role, file);
            OrtSessions.requireShape(session, false, masksName, new long[] {1, manifest.numMasks(), m, m}, role, file);
            OrtSessions.requireShape(session, false, scoresName, new long[] {1, manifest.numMasks()}, role, file);
        } catch (RuntimeException ex) {
            closeQuietly();
            throw ex;
        }
    }

    /** "CUDA" or "CPU". */
    public String executionProvider() {
        return provider;
    }

    public SamPrediction predict(SamEmbedding embedding, List<Point> points) {
        return predict(embedding, SamPrompt.of(points));
    }

    public SamPrediction predict(SamEmbedding embedding, SamPrompt prompt) {
        if (embedding.channels() != manifest.embeddingChannels() || embedding.size() != manifest.embeddingSize()) {
            throw new IllegalArgumentException("embedding of " + embedding.channels() + "x" + embedding.size()
                    + " does not come from " + manifest.name());
        }
        SamFrame frame = embedding.frame();
        // SAM's prompt encoder adds a padding point when there is no box; the exported decoder leaves that to us.
        int n = prompt.points().size() + (prompt.box() == null ? 1 : 2);
        float[] coords = new float[2 * n], labels = new float[n];
        int k = 0;
        for (Point p : prompt.points()) {
            coords[2 * k] = frame.toModelX(p.x());
            coords[2 * k + 1] = frame.toModelY(p.y());
            labels[k++] = p.isForeground() ? LABEL_FOREGROUND : LABEL_BACKGROUND;
        }
        if (prompt.box() != null) {
            double[] b = prompt.box();
            coords[2 * k] = frame.toModelX(Math.min(b[0], b[2]));
            coords[2 * k + 1] = frame.toModelY(Math.min(b[1], b[3]));
            labels[k++] = LABEL_BOX_TOP_LEFT;
            coords[2 * k] = frame.toModelX(Math.max(b[0], b[2]));
            coords[2 * k + 1] = frame.toModelY(Math.max(b[1], b[3]));
            labels[k] = LABEL_BOX_BOTTOM_RIGHT;
        } else {
            labels[k] = LABEL_PADDING; // coordinates (0, 0), as SAM pads
        }
        int m = manifest.lowResMaskSize();
        float[] mask = new float[m * m];
        if (prompt.maskInput() != null) {
            FloatPlane in = prompt.maskInput();
            if (in.width() != m || in.height() != m) {
                throw new IllegalArgumentException("mask input must be " + m + "x" + m + ", got " + in.width() + "x" + in.height());
            }
            System.arraycopy(in.data(), 0, mask, 0, mask.length);
        }
        float hasMask = prompt.maskInput() != null ? 1f : 0f;
        return run(embedding, coords, labels, mask, hasMask, n);
    }

    private SamPrediction run(SamEmbedding embedding, float[] coords, float[] labels, float[] mask, float hasMask, int n) {
        OrtEnvironment env = OrtSessions.environment();
        int e = embedding.size(), m = manifest.lowResMaskSize();
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        try {
            inputs.put(embeddingsName, OnnxTensor.createTensor(env, FloatBuffer.wrap(embedding.values()),
                    new long[] {1, embedding.channels(), e, e}));
            inputs.put(coordsName, OnnxTensor.createTensor(env, FloatBuffer.wrap(coords), new long[] {1, n, 2}));
            inputs.put(labelsName, OnnxTensor.createTensor(env, FloatBuffer.wrap(labels), new long[] {1, n}));
            inputs.put(maskName, OnnxTensor.createTensor(env, FloatBuffer.wrap(mask), new long[] {1, 1, m, m}));
            inputs.put(hasMaskName, OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {hasMask}), new long[] {1}));
            try (OrtSession.Result result = session.run(inputs)) {
                FloatBuffer masks = ((OnnxTensor) result.get(masksName).orElseThrow()).getFloatBuffer();
                FloatBuffer scoreBuffer = ((OnnxTensor) result.get(scoresName).orElseThrow()).getFloatBuffer();
                int count = manifest.numMasks();
                FloatPlane[] planes = new FloatPlane[count];
                for (int i = 0; i < count; i++) {
                    float[] data = new float[m * m];
                    masks.get(data);
                    planes[i] = new FloatPlane(m, m, data);
                }
                float[] scores = new float[count];
                scoreBuffer.get(scores);
                return new SamPrediction(planes, scores, embedding.frame(), n);
            }
        } catch (OrtException ex) {
            throw new SparseSamException("The SAM decoder of " + manifest.name() + " failed (" + ex.getMessage()
                    + "): if this repeats, try --device cpu or re-export the package.", ex);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
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
