package org.sparsesam.core.encode.sam;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SparseSamException;

/**
 * Opens ONNX Runtime sessions on the right device and checks that a model has the tensors its manifest
 * promises. The environment is ONNX Runtime's process-wide singleton: it is never closed here, because
 * closing it under another live session (the decoder's, another image's encoder) breaks that session.
 */
final class OrtSessions {
    private OrtSessions() {}

    /** A session and the execution provider it runs on ("CUDA" or "CPU"). */
    record Opened(OrtSession session, String provider) {}

    static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    /**
     * Opens {@code model} on CUDA when {@code device} allows and CUDA works, else on CPU; reports one note
     * saying which ran and why. {@code role} names the model in messages ("SAM encoder of tiny-sam").
     */
    static Opened open(Path model, Device device, String role, Progress progress) {
        if (device == Device.CPU) {
            return cpu(model, role, progress, role + " runs on CPU: CPU was chosen (--device cpu).");
        }
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            String why = "this ONNX Runtime build has no CUDA provider (the GPU needs the onnxruntime_gpu library"
                    + " with CUDA and cuDNN installed)";
            return cpu(model, role, progress, device == Device.GPU
                    ? "GPU was requested but " + why + "; " + role + " runs on CPU."
                    : role + " runs on CPU: " + why + ".");
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.addCUDA(0);
            OrtSession session = environment().createSession(model.toString(), options);
            progress.note(role + " runs on GPU (CUDA device 0).");
            return new Opened(session, "CUDA");
        } catch (OrtException | RuntimeException | LinkageError e) {
            // Options that had CUDA appended keep it; fresh options are the only clean way back to CPU.
            return cpu(model, role, progress, (device == Device.GPU ? "GPU was requested" : "CUDA is available")
                    + " but could not start (" + firstLine(e) + "); " + role + " runs on CPU.");
        }
    }

    private static Opened cpu(Path model, String role, Progress progress, String note) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            OrtSession session = environment().createSession(model.toString(), options);
            progress.note(note);
            return new Opened(session, "CPU");
        } catch (OrtException e) {
            throw new SparseSamException("The " + role + " file " + model + " cannot be loaded by ONNX Runtime ("
                    + firstLine(e) + "): it is truncated, damaged or not an ONNX model; re-export the package with tools/.", e);
        }
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Checks that the session's inputs (or outputs) are exactly the named tensors. */
    static void requireNames(OrtSession session, boolean inputs, List<String> names, String role, Path file) {
        var actual = inputs ? session.getInputNames() : session.getOutputNames();
        if (!actual.containsAll(names) || (inputs && actual.size() != names.size())) {
            throw new SparseSamException("The " + role + " (" + file.getFileName() + ") has the " + (inputs ? "inputs " : "outputs ")
                    + actual + " but its model.json names " + names + ": the manifest does not belong to this model;"
                    + " re-export the package with tools/.");
        }
    }

    /**
     * Checks a tensor's declared shape against the expected one; a dimension the model leaves open (-1)
     * or the expectation leaves open (-1) matches anything. Returns the declared shape.
     */
    static long[] requireShape(OrtSession session, boolean input, String name, long[] expected, String role, Path file) {
        long[] declared;
        try {
            Map<String, NodeInfo> info = input ? session.getInputInfo() : session.getOutputInfo();
            if (!(info.get(name).getInfo() instanceof TensorInfo t)) {
                throw new SparseSamException("The " + role + " (" + file.getFileName() + ") has '" + name
                        + "' that is not a tensor: this is not a SAM-family model; re-export the package with tools/.");
            }
            declared = t.getShape();
        } catch (OrtException e) {
            throw new SparseSamException("Cannot read the tensor shapes of " + file + " (" + firstLine(e)
                    + "): the model file is damaged; re-export the package.", e);
        }
        if (!shapeMatches(declared, expected)) {
            throw new SparseSamException("The " + role + " (" + file.getFileName() + ") has '" + name + "' of shape "
                    + Arrays.toString(declared) + " but its model.json implies " + Arrays.toString(expected)
                    + " (-1: any): the manifest does not match the model; re-export the package with tools/.");
        }
        return declared;
    }

    static boolean shapeMatches(long[] actual, long[] expected) {
        if (actual.length != expected.length) {
            return false;
        }
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] >= 0 && expected[i] >= 0 && actual[i] != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
