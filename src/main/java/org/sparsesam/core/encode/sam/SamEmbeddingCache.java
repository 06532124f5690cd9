package org.sparsesam.core.encode.sam;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sparsesam.core.image.RasterImage;

/**
 * Least-recently-used cache of SAM embeddings keyed by model and image content, bounded in bytes: the
 * decoder modes re-run only the decoder when the user adds a click. Owned by one front end.
 */
public final class SamEmbeddingCache {
    private record Key(String modelId, long contentHash, int width, int height) {}

    private final long budgetBytes;
    private final LinkedHashMap<Key, SamEmbedding> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long usedBytes;
    private long hits;
    private long misses;

    public SamEmbeddingCache(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /** The cached embedding of this image by this model, or null. */
    public synchronized SamEmbedding get(String modelId, RasterImage image) {
        SamEmbedding e = entries.get(key(modelId, image));
        if (e == null) {
            misses++;
        } else {
            hits++;
        }
        return e;
    }

    public synchronized void put(String modelId, RasterImage image, SamEmbedding embedding) {
        if (embedding.sizeInBytes() > budgetBytes) {
            return; // larger than the whole budget: caching it would only evict everything else
        }
        SamEmbedding old = entries.put(key(modelId, image), embedding);
        if (old != null) {
            usedBytes -= old.sizeInBytes();
        }
        usedBytes += embedding.sizeInBytes();
        Iterator<Map.Entry<Key, SamEmbedding>> it = entries.entrySet().iterator();
        while (usedBytes > budgetBytes && it.hasNext()) {
            Map.Entry<Key, SamEmbedding> eldest = it.next();
            usedBytes -= eldest.getValue().sizeInBytes();
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

    private static Key key(String modelId, RasterImage image) {
        return new Key(modelId, image.contentHash(), image.width(), image.height());
    }
}
