package org.sparsesam.core.eval;

import java.util.Arrays;
import org.sparsesam.core.instance.LabelImage;

/**
 * Areas of every ground-truth and predicted object and the sizes of all their non-empty intersections,
 * built in one pass over the pixels. Every object metric reads this table instead of scanning pixels per
 * object, so 400 objects on a megapixel cost one pass plus a few thousand table entries.
 * Objects are held by compact index (0-based, in ascending label order); {@code gtLabel(i)} gives the label.
 */
final class OverlapTable {
    private final int[] gtLabels;
    private final long[] gtAreas;
    private final int[] predLabels;
    private final long[] predAreas;
    /** Pairs sorted by (gt, pred); pairs of ground-truth object i are at [gtStart[i], gtStart[i + 1]). */
    private final int[] pairGt;
    private final int[] pairPred;
    private final long[] pairCount;
    private final int[] gtStart;

    OverlapTable(LabelImage groundTruth, LabelImage prediction) {
        if (groundTruth.width() != prediction.width() || groundTruth.height() != prediction.height()) {
            throw new IllegalArgumentException("ground truth is " + groundTruth.width() + "x" + groundTruth.height()
                    + " but prediction is " + prediction.width() + "x" + prediction.height());
        }
        int[] g = groundTruth.data();
        int[] p = prediction.data();
        LabelIndex gIndex = new LabelIndex(g);
        LabelIndex pIndex = new LabelIndex(p);
        gtLabels = gIndex.labels;
        predLabels = pIndex.labels;
        gtAreas = new long[gtLabels.length];
        predAreas = new long[predLabels.length];
        LongCounter pairs = new LongCounter();
        long nPred = predLabels.length;
        // Objects come in runs along rows, so consecutive pixels mostly repeat the previous pair:
        // count the run and touch the hash table once per run.
        long runKey = -1;
        long runLength = 0;
        for (int k = 0; k < g.length; k++) {
            int gi = gIndex.indexOf(g[k]);
            int pj = pIndex.indexOf(p[k]);
            if (gi >= 0) {
                gtAreas[gi]++;
            }
            if (pj >= 0) {
                predAreas[pj]++;
            }
            long key = gi >= 0 && pj >= 0 ? gi * nPred + pj : -1;
            if (key != runKey) {
                if (runKey >= 0) {
                    pairs.add(runKey, runLength);
                }
                runKey = key;
                runLength = 0;
            }
            runLength++;
        }
        if (runKey >= 0) {
            pairs.add(runKey, runLength);
        }
        long[] keys = pairs.sortedKeys();
        pairGt = new int[keys.length];
        pairPred = new int[keys.length];
        pairCount = new long[keys.length];
        gtStart = new int[gtLabels.length + 1];
        for (int n = 0; n < keys.length; n++) {
            pairGt[n] = (int) (keys[n] / nPred);
            pairPred[n] = (int) (keys[n] % nPred);
            pairCount[n] = pairs.get(keys[n]);
            gtStart[pairGt[n] + 1]++;
        }
        for (int i = 0; i < gtLabels.length; i++) {
            gtStart[i + 1] += gtStart[i];
        }
    }

    int gtCount() {
        return gtLabels.length;
    }

    int predCount() {
        return predLabels.length;
    }

    int gtLabel(int i) {
        return gtLabels[i];
    }

    int predLabel(int j) {
        return predLabels[j];
    }

    long gtArea(int i) {
        return gtAreas[i];
    }

    long predArea(int j) {
        return predAreas[j];
    }

    long totalGtArea() {
        return Arrays.stream(gtAreas).sum();
    }

    long totalPredArea() {
        return Arrays.stream(predAreas).sum();
    }

    int pairCount() {
        return pairGt.length;
    }

    int pairGt(int n) {
        return pairGt[n];
    }

    int pairPred(int n) {
        return pairPred[n];
    }

    long pairIntersection(int n) {
        return pairCount[n];
    }

    double pairIou(int n) {
        long inter = pairCount[n];
        return (double) inter / (gtAreas[pairGt[n]] + predAreas[pairPred[n]] - inter);
    }

    /** First pair index of ground-truth object i; its pairs end at {@code gtPairsEnd(i)}. */
    int gtPairsStart(int i) {
        return gtStart[i];
    }

    int gtPairsEnd(int i) {
        return gtStart[i + 1];
    }

    /** Maps label values to compact indices 0..n-1 in ascending label order; background (0) maps to -1. */
    private static final class LabelIndex {
        private static final int DENSE_LIMIT = 1 << 22;
        final int[] labels;
        private final int[] dense;

        LabelIndex(int[] values) {
            int max = 0;
            for (int v : values) {
                if (v < 0) {
                    throw new IllegalArgumentException("negative label " + v);
                }
                max = Math.max(max, v);
            }
            if (max < DENSE_LIMIT) {
                boolean[] present = new boolean[max + 1];
                for (int v : values) {
                    present[v] = true;
                }
                dense = new int[max + 1];
                int n = 0;
                for (int v = 1; v <= max; v++) {
                    dense[v] = present[v] ? n++ : -1;
                }
                dense[0] = -1;
                labels = new int[n];
                for (int v = 1; v <= max; v++) {
                    if (present[v]) {
                        labels[dense[v]] = v;
                    }
                }
            } else {
                // Rare (labels beyond 4 million): sort the distinct values and look them up by binary search.
                dense = null;
                labels = Arrays.stream(values).filter(v -> v != 0).distinct().sorted().toArray();
            }
        }

        int indexOf(int label) {
            if (label == 0) {
                return -1;
            }
            return dense != null ? dense[label] : Arrays.binarySearch(labels, label);
        }
    }

    /** Open-addressing map from non-negative long keys to counts; no boxing in the per-pixel loop. */
    private static final class LongCounter {
        private long[] keys = filled(64);
        private long[] counts = new long[64];
        private int size;

        private static long[] filled(int n) {
            long[] a = new long[n];
            Arrays.fill(a, -1);
            return a;
        }

        void add(long key, long amount) {
            int slot = find(keys, key);
            if (keys[slot] < 0) {
                keys[slot] = key;
                if (++size * 2 > keys.length) {
                    grow();
                    slot = find(keys, key);
                }
            }
            counts[slot] += amount;
        }

        long get(long key) {
            int slot = find(keys, key);
            return keys[slot] < 0 ? 0 : counts[slot];
        }

        long[] sortedKeys() {
            return Arrays.stream(keys).filter(k -> k >= 0).sorted().toArray();
        }

        private static int find(long[] table, long key) {
            int mask = table.length - 1;
            int slot = (int) (mix(key) & mask);
            while (table[slot] >= 0 && table[slot] != key) {
                slot = (slot + 1) & mask;
            }
            return slot;
        }

        private static long mix(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return h ^ (h >>> 32);
        }

        private void grow() {
            long[] oldKeys = keys;
            long[] oldCounts = counts;
            keys = filled(oldKeys.length * 2);
            counts = new long[oldKeys.length * 2];
            for (int s = 0; s < oldKeys.length; s++) {
                if (oldKeys[s] >= 0) {
                    int slot = find(keys, oldKeys[s]);
                    keys[slot] = oldKeys[s];
                    counts[slot] = oldCounts[s];
                }
            }
        }
    }
}
