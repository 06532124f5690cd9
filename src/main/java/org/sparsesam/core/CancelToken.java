package org.sparsesam.core;

/**
 * Cooperative cancellation. The core calls {@link #throwIfCancelled()} between steps, so a cancelled job
 * stops cleanly and leaves nothing half-done behind.
 */
public final class CancelToken {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    public void throwIfCancelled() {
        if (cancelled) {
            throw new CancelledException();
        }
    }

    /** A token nobody cancels, for callers that offer no cancel button. */
    public static CancelToken none() {
        return new CancelToken();
    }

    /** Thrown when the user cancelled; front ends report it quietly, not as an error. */
    public static final class CancelledException extends SparseSamException {
        public CancelledException() {
            super("Cancelled by the user.");
        }
    }
}
