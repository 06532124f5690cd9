package org.sparsesam.core.encode;

import java.util.Locale;
import org.sparsesam.core.SparseSamException;

/** The one place where an encoder name from the user becomes an encoder. */
public final class EncoderFactory {
    private EncoderFactory() {}

    public static Encoder create(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("builtin") || n.equals(BuiltinEncoder.ID)) {
            return new BuiltinEncoder();
        }
        throw new SparseSamException("Unknown encoder '" + name + "': use 'builtin' (SAM model packages are not supported in this version yet).");
    }
}
