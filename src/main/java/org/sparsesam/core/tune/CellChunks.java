package org.sparsesam.core.tune;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Splits work over cells into chunks of a fixed size and runs them in parallel. Chunk boundaries depend on
 * the cell count only, never on the thread count, and callers sum per-chunk results in chunk order: that
 * keeps floating-point sums, and so training, identical on any machine.
 */
final class CellChunks {
    static final int CELLS_PER_CHUNK = 1024;

    private CellChunks() {}

    static int count(int cells) {
        return (cells + CELLS_PER_CHUNK - 1) / CELLS_PER_CHUNK;
    }

    static int start(int chunk) {
        return chunk * CELLS_PER_CHUNK;
    }

    static int end(int chunk, int cells) {
        return Math.min(cells, (chunk + 1) * CELLS_PER_CHUNK);
    }

    /** Runs {@code body} for chunks 0 .. chunks-1, in parallel where more than one. */
    static void run(int chunks, IntConsumer body) {
        if (chunks == 1) {
            body.accept(0);
        } else {
            IntStream.range(0, chunks).parallel().forEach(body);
        }
    }

    /** Adds per-chunk gradients into {@code total} in chunk order. */
    static void sumInOrder(double[][][] perChunk, double[][] total) {
        for (double[][] chunk : perChunk) {
            for (int g = 0; g < total.length; g++) {
                double[] t = total[g], c = chunk[g];
                for (int i = 0; i < t.length; i++) {
                    t[i] += c[i];
                }
            }
        }
    }

    /** Runs {@code body} over row bands of a grid in parallel; rows are independent, so order does not matter. */
    static void runRows(int rows, RowBand body) {
        int bands = Math.max(1, Math.min(rows, 64));
        int[] bounds = new int[bands + 1];
        for (int b = 0; b <= bands; b++) {
            bounds[b] = (int) ((long) rows * b / bands);
        }
        IntStream.range(0, bands).parallel().forEach(b -> body.rows(bounds[b], bounds[b + 1]));
    }

    @FunctionalInterface
    interface RowBand {
        void rows(int fromRow, int toRow);
    }
}
