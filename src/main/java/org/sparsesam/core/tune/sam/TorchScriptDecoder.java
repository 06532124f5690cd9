package org.sparsesam.core.tune.sam;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.sam.SamEmbedding;
import org.sparsesam.core.encode.sam.SamFrame;
import org.sparsesam.core.model.ModelManifest;
import org.sparsesam.core.prompt.Point;

/**
 * The package's TorchScript prompt encoder + mask decoder, loaded through DJL with its parameters trainable
 * (DJL's {@code trainParam} option). It takes what the ONNX decoder takes (embedding, points in the model
 * frame with SAM's padding point, mask input, has-mask flag) and returns the same low-resolution logits.
 * Only the mask decoder's parameters are trained; the prompt encoder stays as it is.
 */
public final class TorchScriptDecoder implements AutoCloseable {
    /** Parameter names of the traced wrapper start with its attribute names (tools/sam_export.py DecoderForExport). */
    static final String TRAINED_PREFIX = "mask_decoder.";
    private static final float LABEL_BACKGROUND = 0f, LABEL_FOREGROUND = 1f, LABEL_PADDING = -1f;

    private final Model model;
    private final Block block;
    private final ParameterStore store;
    private final Map<String, NDArray> trained;
    private final ModelManifest manifest;

    private TorchScriptDecoder(Model model, ModelManifest manifest) {
        this.model = model;
        this.manifest = manifest;
        this.block = model.getBlock();
        this.store = new ParameterStore(model.getNDManager(), false);
        Map<String, NDArray> chosen = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getKey().startsWith(TRAINED_PREFIX)) {
                chosen.put(p.getKey(), p.getValue().getArray());
            }
        }
        if (chosen.isEmpty()) {
            throw new SparseSamException("The TorchScript decoder of " + manifest.name() + " has no parameters named "
                    + TRAINED_PREFIX + "*, so there is nothing to fine-tune: re-export the package with tools/sam_export.py.");
        }
        this.trained = chosen;
    }

    /** Loads {@code file} (the package's decoder_torchscript) on the engine's default device. */
    public static TorchScriptDecoder open(Path file, ModelManifest manifest) {
        return PyTorchEngine.withPluginClassLoader(() -> {
            Engine engine = PyTorchEngine.get();
            Model model = Model.newInstance("sam-decoder", engine.defaultDevice(), PyTorchEngine.NAME);
            try {
                model.load(file, null, Map.of("trainParam", "true"));
                return new TorchScriptDecoder(model, manifest);
            } catch (IOException | MalformedModelException | RuntimeException e) {
                model.close();
                if (e instanceof SparseSamException s) {
                    throw s;
                }
                throw new SparseSamException("The TorchScript decoder " + file.getFileName() + " of " + manifest.name()
                        + " cannot be loaded (" + e.getMessage() + "): re-export the package with tools/sam_export.py.", e);
            }
        });
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** A manager for arrays of one run; closing it frees them. */
    public NDManager newManager() {
        return model.getNDManager().newSubManager();
    }

    /** The trained parameters by name, in the module's order (live arrays: do not close). */
    Map<String, NDArray> trainedParameters() {
        return trained;
    }

    public int trainedParameterCount() {
        long n = 0;
        for (NDArray a : trained.values()) {
            n += a.size();
        }
        return Math.toIntExact(n);
    }

    /** A copy of every trained parameter's values, in {@link #trainedParameters()} order. */
    public List<float[]> trainedParameterValues() {
        List<float[]> out = new ArrayList<>();
        for (NDArray a : trained.values()) {
            out.add(a.toFloatArray());
        }
        return out;
    }

    /**
     * The decoder's inputs for {@code points} (image pixels) on {@code embedding}, without a mask input: the
     * points in the model frame plus SAM's padding point, as {@code SamDecoder} sends them to ONNX Runtime.
     */
    public NDList inputs(NDManager manager, SamEmbedding embedding, List<Point> points) {
        if (embedding.channels() != manifest.embeddingChannels() || embedding.size() != manifest.embeddingSize()) {
            throw new IllegalArgumentException("embedding of " + embedding.channels() + "x" + embedding.size()
                    + " does not come from " + manifest.name());
        }
        SamFrame frame = embedding.frame();
        int n = points.size() + 1;
        float[] coords = new float[2 * n], labels = new float[n];
        for (int k = 0; k < points.size(); k++) {
            Point p = points.get(k);
            coords[2 * k] = frame.toModelX(p.x());
            coords[2 * k + 1] = frame.toModelY(p.y());
            labels[k] = p.isForeground() ? LABEL_FOREGROUND : LABEL_BACKGROUND;
        }
        labels[n - 1] = LABEL_PADDING;
        int e = embedding.size(), m = manifest.lowResMaskSize();
        return new NDList(
                manager.create(embedding.values(), new Shape(1, embedding.channels(), e, e)),
                manager.create(coords, new Shape(1, n, 2)),
                manager.create(labels, new Shape(1, n)),
                manager.zeros(new Shape(1, 1, m, m)),
                manager.zeros(new Shape(1)));
    }

    /**
     * Low-resolution logits [m, m] of mask {@code maskIndex}; attached to {@code manager}. With {@code training}
     * the call must run inside a gradient collector for gradients to reach the parameters.
     */
    public NDArray lowResLogits(NDManager manager, NDList inputs, int maskIndex, boolean training) {
        // TorchScript's profiling executor re-optimizes the graph during the first runs, which costs seconds
        // per run on CPU: far more than a whole tuning step of the decoder. The switch is per thread.
        JniUtils.setGraphExecutorOptimize(false);
        NDList out = block.forward(store, inputs, training);
        out.attach(manager);
        NDArray masks = out.get(0);
        int m = manifest.lowResMaskSize();
        Shape expected = new Shape(1, manifest.numMasks(), m, m);
        if (!masks.getShape().equals(expected)) {
            throw new SparseSamException("The TorchScript decoder of " + manifest.name() + " returned masks of shape "
                    + masks.getShape() + " where model.json implies " + expected + ": re-export the package with tools/sam_export.py.");
        }
        return masks.get(0, maskIndex);
    }

    /** Sets every trained parameter's gradient to zero: PyTorch adds each backward pass to the last. */
    void zeroGradients() {
        for (NDArray a : trained.values()) {
            try (NDArray g = a.getGradient()) {
                g.subi(g);
            }
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
