package org.sparsesam.core.encode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.sparsesam.core.image.RasterImage;

/**
 * Least-recently-used cache of what an encoder made of an image, keyed by encoder and image content and
 * bounded in bytes, so that re-segmenting an image after another click never encodes it again. Owned by
 * one front end. {@link EmbeddingCache} holds feature grids, {@code SamEmbeddingCache} SAM embeddings.
 *
 * @param <V> the cached value
 */
public class ContentCache<V> {
    private record Key(String encoderId, long contentHash, int width, int height) {}

    private final long budgetBytes;
    private final LinkedHashMap<Key, V> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long usedBytes;
    private long hits;
    private long misses;

    private final ToLongFunction<V> sizeInBytes;

    protected ContentCache(long budgetBytes, ToLongFunction<V> sizeInBytes) {
        this.budgetBytes = budgetBytes;
        this.sizeInBytes = sizeInBytes;
    }

    /** The cached value for this encoder and image, or null. */
    public synchronized V get(String encoderId, RasterImage image) {
        V value = entries.get(key(encoderId, image));
        if (value == null) {
            misses++;
        } else {
            hits++;
        }
        return value;
    }

    public synchronized void put(String encoderId, RasterImage image, V value) {
        if (sizeInBytes.applyAsLong(value) > budgetBytes) {
            return; // larger than the whole budget: caching it would only evict everything else
        }
        V old = entries.put(key(encoderId, image), value);
        if (old != null) {
            usedBytes -= sizeInBytes.applyAsLong(old);
        }
        usedBytes += sizeInBytes.applyAsLong(value);
        Iterator<Map.Entry<Key, V>> it = entries.entrySet().iterator();
        while (usedBytes > budgetBytes && it.hasNext()) {
            Map.Entry<Key, V> eldest = it.next();
            usedBytes -= sizeInBytes.applyAsLong(eldest.getValue());
            it.remove();
        }
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    public synchronized int size() {
        return entries.size();
    }

    private static Key key(String encoderId, RasterImage image) {
        return new Key(encoderId, image.contentHash(), image.width(), image.height());
    }
}
