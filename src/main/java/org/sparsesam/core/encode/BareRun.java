package org.sparsesam.core.encode;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import org.sparsesam.core.SparseSamException;

/**
 * For bench: an encoder's bare {@code session.run} on an input tensor made once, in the encoder's own session (same
 * options, same threads), repeated as one encode of the image would run it. What bench calls "raw": the floor that
 * the whole encode (preparation, tensor, run, copying the output, feature grid) is compared with. Close it.
 */
public final class BareRun implements AutoCloseable {
    private final OrtSession session;
    private final String inputName;
    private final OnnxTensor tensor;
    private final String role;
    private final int runs;

    /**
     * @param role what runs, for messages ("SAM encoder of sam-vit-b")
     * @param runs how many session runs one encode of the image makes (one per tile)
     */
    public BareRun(OrtSession session, String inputName, float[] input, long[] shape, String role, int runs) {
        this.session = session;
        this.inputName = inputName;
        this.role = role;
        this.runs = runs;
        try {
            this.tensor = OnnxTensor.createTensor(OrtSessions.environment(), FloatBuffer.wrap(input), shape);
        } catch (OrtException e) {
            throw new SparseSamException("Cannot make the " + role + "'s input tensor (" + e.getMessage() + "): the machine is out of memory?", e);
        }
    }

    public int runs() {
        return runs;
    }

    /** The input tensor's side in pixels, as "width x height": the (padded) image's, or a tile's. */
    public String size() {
        long[] shape = tensor.getInfo().getShape();
        return shape[3] + "x" + shape[2];
    }

    /** The runs of one encode, outputs left unread: reading them is the encode's work, not the run's. */
    public void run() {
        for (int n = 0; n < runs; n++) {
            try (OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
                result.get(0);
            } catch (OrtException e) {
                throw failed(e);
            }
        }
    }

    /**
     * The same runs writing into a preallocated output tensor, as a pipeline that pins its output runs: a stricter
     * floor than {@link #run()}, since ONNX Runtime then allocates no output and Java wraps none.
     */
    public void runInto(String outputName, OnnxTensor output) {
        for (int n = 0; n < runs; n++) {
            try (OrtSession.Result result = session.run(Map.of(inputName, tensor), Map.of(outputName, output))) {
                // written in place
            } catch (OrtException e) {
                throw failed(e);
            }
        }
    }

    private SparseSamException failed(OrtException e) {
        return new SparseSamException("The " + role + " failed (" + e.getMessage() + ").", e);
    }

    @Override
    public void close() {
        tensor.close();
    }
}
