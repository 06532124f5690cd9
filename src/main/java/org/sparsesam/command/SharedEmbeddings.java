package org.sparsesam.command;

import org.sparsesam.core.SparseSam;
import org.sparsesam.core.encode.EmbeddingCache;

/**
 * The embedding cache of a Fiji session: each run of an ImageJ 1 plugin is a new object, so the cache that lets a
 * re-run after one more click skip the encoder (the slow step) has to outlive the run. It lives here, in the
 * command layer, never in the core. Keyed by encoder and image content, bounded in bytes and least-recently-used,
 * so an edited image is encoded again and closed images age out without any bookkeeping.
 */
final class SharedEmbeddings {
    private static final EmbeddingCache CACHE = new EmbeddingCache(SparseSam.DEFAULT_CACHE_BYTES);

    private SharedEmbeddings() {}

    static EmbeddingCache cache() {
        return CACHE;
    }
}
