package org.sparsesam.core.encode.sam;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.OrtSessions;

/**
 * A float tensor over a direct buffer in native order, which ONNX Runtime reads or writes in place (no copy):
 * the encoder prepares each tile straight into its input tensor and reads each embedding straight out of its
 * (pinned) output tensor, reusing both for every tile of an image. Close it when the encode is done.
 */
final class DirectTensor implements AutoCloseable {
    private final FloatBuffer buffer;
    private final OnnxTensor tensor;

    private DirectTensor(FloatBuffer buffer, OnnxTensor tensor) {
        this.buffer = buffer;
        this.tensor = tensor;
    }

    static DirectTensor allocate(long... shape) {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        FloatBuffer buffer = ByteBuffer.allocateDirect(Math.toIntExact(4 * count)).order(ByteOrder.nativeOrder()).asFloatBuffer();
        try {
            return new DirectTensor(buffer, OnnxTensor.createTensor(OrtSessions.environment(), buffer, shape));
        } catch (OrtException e) {
            throw new SparseSamException("Cannot make a tensor of " + count + " floats for the SAM encoder (" + e.getMessage()
                    + "): the machine is out of memory? Close other programs or use a smaller model.", e);
        }
    }

    /** The tensor's values, by absolute index (the buffer's position is never moved). */
    FloatBuffer buffer() {
        return buffer;
    }

    OnnxTensor tensor() {
        return tensor;
    }

    @Override
    public void close() {
        tensor.close();
    }
}
