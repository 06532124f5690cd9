package org.sparsesam.core.encode.sam;

import org.sparsesam.core.encode.ContentCache;

/**
 * SAM embeddings (one frame, or a large image's tiles) by model and image content: the decoder modes re-run only
 * the decoder when the user adds a click.
 */
public final class SamEmbeddingCache extends ContentCache<TiledEmbedding> {
    public SamEmbeddingCache(long budgetBytes) {
        super(budgetBytes, TiledEmbedding::sizeInBytes);
    }
}
