package org.sparsesam.command;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs a job for the newest value offered, one job at a time on one background thread. Values offered while a
 * job runs replace each other, so a burst of point changes (a drag fires dozens) costs one more job, not dozens,
 * and a slow job never leaves a queue of stale ones behind it.
 */
final class LatestOnlyWorker<T> {
    private final Consumer<T> job;
    private final ExecutorService thread;
    private final Object lock = new Object();
    private T pending;
    private boolean hasPending;
    /** A drain is queued or running. */
    private boolean draining;

    LatestOnlyWorker(String threadName, Consumer<T> job) {
        this.job = job;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Replaces any value not yet started with {@code value}; never blocks. Ignored once the worker is shut down. */
    void offer(T value) {
        synchronized (lock) {
            pending = value;
            hasPending = true;
            if (!draining) {
                try {
                    thread.execute(this::drain);
                    draining = true;
                } catch (RejectedExecutionException e) {
                    hasPending = false; // shut down: nobody will run it
                }
            }
        }
    }

    /** Runs {@code task} on the worker thread after the values offered so far have been handled; null once shut down. */
    Future<?> then(Runnable task) {
        try {
            return thread.submit(task);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Waits until the values offered so far have been handled; false when that took longer than {@code millis}. */
    boolean awaitIdle(long millis) throws InterruptedException {
        Future<?> marker = then(() -> {});
        try {
            if (marker == null) {
                return thread.awaitTermination(millis, TimeUnit.MILLISECONDS);
            }
            marker.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true; // a no-op cannot fail
        }
    }

    /** Lets queued work finish, then the thread ends; later offers are ignored. */
    void shutdown() {
        thread.shutdown();
    }

    private void drain() {
        while (true) {
            T next;
            synchronized (lock) {
                if (!hasPending) {
                    draining = false;
                    return;
                }
                next = pending;
                pending = null;
                hasPending = false;
            }
            try {
                job.accept(next);
            } catch (RuntimeException e) {
                // the job reports its own problems; one that escapes must not stop later values from running
            }
        }
    }
}
