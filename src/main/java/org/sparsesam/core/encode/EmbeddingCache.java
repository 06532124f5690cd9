package org.sparsesam.core.encode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sparsesam.core.image.RasterImage;

/**
 * Least-recently-used cache of feature grids keyed by encoder and image content, bounded in bytes, so
 * that re-segmenting an image after another click never encodes it again. Owned by one front end.
 */
public final class EmbeddingCache {
    private record Key(String encoderId, long contentHash, int width, int height) {}

    private final long budgetBytes;
    private final LinkedHashMap<Key, FeatureGrid> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long usedBytes;
    private long hits;
    private long misses;

    public EmbeddingCache(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /** The cached grid for this encoder and image, or null. */
    public synchronized FeatureGrid get(String encoderId, RasterImage image) {
        FeatureGrid grid = entries.get(key(encoderId, image));
        if (grid == null) {
            misses++;
        } else {
            hits++;
        }
        return grid;
    }

    public synchronized void put(String encoderId, RasterImage image, FeatureGrid grid) {
        if (grid.sizeInBytes() > budgetBytes) {
            return; // larger than the whole budget: caching it would only evict everything else
        }
        FeatureGrid old = entries.put(key(encoderId, image), grid);
        if (old != null) {
            usedBytes -= old.sizeInBytes();
        }
        usedBytes += grid.sizeInBytes();
        Iterator<Map.Entry<Key, FeatureGrid>> it = entries.entrySet().iterator();
        while (usedBytes > budgetBytes && it.hasNext()) {
            Map.Entry<Key, FeatureGrid> eldest = it.next();
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

    private static Key key(String encoderId, RasterImage image) {
        return new Key(encoderId, image.contentHash(), image.width(), image.height());
    }
}
