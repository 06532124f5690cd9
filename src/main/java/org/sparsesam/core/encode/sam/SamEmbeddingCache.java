package org.sparsesam.core.encode.sam;

import org.sparsesam.core.encode.ContentCache;

/** SAM embeddings by model and image content: the decoder modes re-run only the decoder when the user adds a click. */
public final class SamEmbeddingCache extends ContentCache<SamEmbedding> {
    public SamEmbeddingCache(long budgetBytes) {
        super(budgetBytes, SamEmbedding::sizeInBytes);
    }
}
