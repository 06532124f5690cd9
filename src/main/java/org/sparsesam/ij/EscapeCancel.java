package org.sparsesam.ij;

import ij.IJ;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.sparsesam.core.CancelToken;

/**
 * Cancels a token when the user presses Esc. Polled on a timer rather than at progress reports, because an
 * encoder can work for a long time between two reports and Esc should still stop it at its next check.
 */
public final class EscapeCancel implements AutoCloseable {
    private static final long POLL_MILLIS = 100;
    private final ScheduledExecutorService timer;

    private EscapeCancel(CancelToken token) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "Sparse SAM Esc watcher");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            if (IJ.escapePressed()) {
                token.cancel();
            }
        }, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts watching; an Esc pressed before this call does not count. */
    public static EscapeCancel watch(CancelToken token) {
        IJ.resetEscape();
        return new EscapeCancel(token);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
