package org.sparsesam.core.encode;

import org.sparsesam.core.SparseSamException;

/**
 * The one place that turns an encoder name (the {@code encoder} option) into an {@link Encoder}, so that the
 * CLI commands, evaluation and benchmarks construct encoders alike.
 */
public final class EncoderFactory {
    private EncoderFactory() {}

    public static Encoder create(String name) {
        if (name == null || name.isBlank() || name.equalsIgnoreCase("builtin")) {
            // TODO(lead): return new BuiltinEncoder(); once the encoder branch is merged.
            throw new SparseSamException("The builtin encoder is not part of this build yet: build from the main branch once it has landed.");
        }
        // TODO(lead): installed model packages by name or path.
        throw new SparseSamException("Unknown encoder '" + name + "': use builtin.");
    }
}
