package org.sparsesam.core.tune;

import java.util.Arrays;
import java.util.Random;

/** Draws seeded random subsets of a fixed pool of cells, without replacement within a draw. */
final class CellSampler {
    private final int[] pool;
    private final Random random;

    CellSampler(int[] cells, Random random) {
        this.pool = cells.clone();
        this.random = random;
    }

    int poolSize() {
        return pool.length;
    }

    /**
     * {@code count} cells (all of them when the pool is no larger), ascending, so that a batch reads the
     * feature planes roughly front to back instead of jumping about.
     */
    int[] draw(int count) {
        if (count >= pool.length) {
            return pool.clone();
        }
        // Partial Fisher-Yates: the first count slots become a uniform sample; the pool stays a permutation.
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(pool.length - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
        }
        int[] sample = Arrays.copyOf(pool, count);
        Arrays.sort(sample);
        return sample;
    }
}
