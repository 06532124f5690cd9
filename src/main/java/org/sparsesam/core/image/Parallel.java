package org.sparsesam.core.image;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Runs a loop over [0, n) in contiguous chunks on a fork/join pool. Each index is handled by exactly one
 * chunk with the same code whatever the split, so results never depend on the number of threads.
 */
final class Parallel {
    /** Body of a chunk: handles indices [start, end). */
    @FunctionalInterface
    interface RangeBody {
        void run(int start, int end);
    }

    private final ForkJoinPool pool;

    /** @param pool where to run; the common pool (sized to the available processors) when null */
    Parallel(ForkJoinPool pool) {
        this.pool = pool == null ? ForkJoinPool.commonPool() : pool;
    }

    void forRange(int n, RangeBody body) {
        // a few chunks per thread balance uneven rows without paying for one task per row
        int threads = Math.max(1, pool == ForkJoinPool.commonPool() ? ForkJoinPool.getCommonPoolParallelism() + 1 : pool.getParallelism());
        int chunks = Math.min(n, threads * 4);
        if (threads == 1 || chunks <= 1) {
            body.run(0, n);
            return;
        }
        Chunks task = new Chunks(body, n, chunks, 0, chunks);
        if (pool == ForkJoinPool.commonPool()) {
            // the caller joins in, as parallel streams do, so a 2-core machine gets 2 workers, not 1
            task.invoke();
        } else {
            pool.invoke(task);
        }
    }

    private static final class Chunks extends RecursiveAction {
        private final RangeBody body;
        private final int n, chunks, from, to;

        Chunks(RangeBody body, int n, int chunks, int from, int to) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            if (to - from == 1) {
                body.run((int) ((long) n * from / chunks), (int) ((long) n * to / chunks));
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Chunks(body, n, chunks, from, mid), new Chunks(body, n, chunks, mid, to));
        }
    }
}
