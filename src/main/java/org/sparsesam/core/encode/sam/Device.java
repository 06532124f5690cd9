package org.sparsesam.core.encode.sam;

import java.util.Locale;
import org.sparsesam.core.SparseSamException;

/** Where ONNX Runtime runs a model: chosen automatically, or forced by {@code --device cpu|gpu}. */
public enum Device {
    /** CUDA when this ONNX Runtime build has it and it starts, CPU otherwise. */
    AUTO,
    CPU,
    /** CUDA; falls back to CPU with a note when CUDA is absent or fails to start. */
    GPU;

    public static Device parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "auto": return AUTO;
            case "cpu": return CPU;
            case "gpu": case "cuda": return GPU;
            default:
                throw new SparseSamException("'" + text + "' is not a device: use cpu, gpu or auto.");
        }
    }
}
