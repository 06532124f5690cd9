package org.sparsesam.core;

/**
 * A problem the user can fix. The message is one sentence naming what is wrong and what to do;
 * front ends print it as is (the CLI exits non-zero, commands show it), without a stack trace.
 */
public class SparseSamException extends RuntimeException {
    public SparseSamException(String message) {
        super(message);
    }

    public SparseSamException(String message, Throwable cause) {
        super(message, cause);
    }
}
