package org.sparsesam.core.instance;

import java.util.Arrays;

/** A binary min-heap of primitive longs: boxing a million queue entries would cost more than the flooding itself. */
final class LongMinHeap {
    private long[] keys;
    private int size;

    LongMinHeap(int initialCapacity) {
        keys = new long[Math.max(16, initialCapacity)];
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(long key) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, keys.length + (keys.length >> 1));
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (keys[parent] <= key) {
                break;
            }
            keys[i] = keys[parent];
            i = parent;
        }
        keys[i] = key;
    }

    long poll() {
        long top = keys[0];
        long last = keys[--size];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < size && keys[child + 1] < keys[child]) {
                child++;
            }
            if (last <= keys[child]) {
                break;
            }
            keys[i] = keys[child];
            i = child;
        }
        if (size > 0) {
            keys[i] = last;
        }
        return top;
    }

    /**
     * A key that orders by {@code value} first (as floats order, NaN last) and then by {@code sequence},
     * so that equal values come out first-in first-out. {@code sequence} must be in 0..2^31-1.
     */
    static long key(float value, int sequence) {
        int bits = Float.floatToIntBits(value + 0.0f);  // + 0.0f turns -0 into +0
        int sortable = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) sortable << 32) | sequence;
    }

    static float value(long key) {
        int sortable = (int) (key >> 32);
        return Float.intBitsToFloat(sortable ^ ((sortable >> 31) & 0x7fffffff));
    }

    static int sequence(long key) {
        return (int) key;
    }
}
