package org.sparsesam.core.encode;

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
import java.util.function.UnaryOperator;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.sam.Device;

/**
 * Opens ONNX Runtime sessions on the right device and checks that a model has the tensors its manifest
 * promises. The environment is ONNX Runtime's process-wide singleton: it is never closed here, because
 * closing it under another live session (the decoder's, another image's encoder) breaks that session.
 */
public final class OrtSessions {
    private OrtSessions() {}

    /** A session and the execution provider it runs on ("CUDA" or "CPU"). */
    public record Opened(OrtSession session, String provider) {}

    /** How a session is created from its model, so a file and bytes in memory share the device choice. */
    @FunctionalInterface
    private interface Creator {
        OrtSession create(OrtEnvironment environment, OrtSession.SessionOptions options) throws OrtException;
    }

    public static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    /**
     * Opens {@code model} on CUDA when {@code device} allows and CUDA works, else on CPU; reports one note
     * saying which ran and why. {@code role} names the model in messages ("SAM encoder of tiny-sam").
     */
    public static Opened open(Path model, Device device, String role, Progress progress) {
        return open((env, options) -> env.createSession(model.toString(), options), device, role, progress,
                why -> "The " + role + " file " + model + " cannot be loaded by ONNX Runtime (" + why + "): it is truncated,"
                        + " damaged or not an ONNX model; re-export the package with tools/.");
    }

    /**
     * As {@link #open(Path, Device, String, Progress)} for a model held in memory (one read from the plugin jar, which
     * has no file to name). {@code source} names where the bytes came from in the message if they cannot be loaded.
     */
    public static Opened open(byte[] model, String source, Device device, String role, Progress progress) {
        return open((env, options) -> env.createSession(model, options), device, role, progress,
                why -> "The " + role + " (" + source + ") cannot be loaded by ONNX Runtime (" + why + "): it is truncated,"
                        + " damaged or not an ONNX model; reinstall Sparse SAM or export the model again.");
    }

    /** {@code failure} makes the message for a model even the CPU cannot load from ONNX Runtime's reason. */
    private static Opened open(Creator model, Device device, String role, Progress progress, UnaryOperator<String> failure) {
        if (device == Device.CPU) {
            return cpu(model, progress, failure, role + " runs on CPU: CPU was chosen (--device cpu).");
        }
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            String why = "this ONNX Runtime build has no CUDA provider (the GPU needs the onnxruntime_gpu library"
                    + " with CUDA and cuDNN installed)";
            // With the automatic device, CPU is what a CPU-only build is expected to give: a note on every run (before
            // every error message too) would say nothing the user asked about. Asked for the GPU, they are told.
            return cpu(model, progress, failure, device == Device.GPU
                    ? "GPU was requested but " + why + "; " + role + " runs on CPU." : null);
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.addCUDA(0);
            OrtSession session = model.create(environment(), options);
            progress.note(role + " runs on GPU (CUDA device 0).");
            return new Opened(session, "CUDA");
        } catch (OrtException | RuntimeException | LinkageError e) {
            // Options that had CUDA appended keep it; fresh options are the only clean way back to CPU.
            return cpu(model, progress, failure, (device == Device.GPU ? "GPU was requested" : "CUDA is available")
                    + " but could not start (" + firstLine(e) + "); " + role + " runs on CPU.");
        }
    }

    /** {@code note}: what to tell the user, or null for nothing. */
    private static Opened cpu(Creator model, Progress progress, UnaryOperator<String> failure, String note) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            OrtSession session = model.create(environment(), options);
            if (note != null) {
                progress.note(note);
            }
            return new Opened(session, "CPU");
        } catch (OrtException e) {
            throw new SparseSamException(failure.apply(firstLine(e)), e);
        }
    }

    public static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Checks that the session's inputs (or outputs) are exactly the named tensors. */
    public static void requireNames(OrtSession session, boolean inputs, List<String> names, String role, Path file) {
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
    public static long[] requireShape(OrtSession session, boolean input, String name, long[] expected, String role, Path file) {
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

    public static boolean shapeMatches(long[] actual, long[] expected) {
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
