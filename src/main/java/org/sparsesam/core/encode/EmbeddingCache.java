package org.sparsesam.core.encode;

/** Feature grids by encoder and image content: the built-in and SAM feature grids of the similarity step. */
public final class EmbeddingCache extends ContentCache<FeatureGrid> {
    public EmbeddingCache(long budgetBytes) {
        super(budgetBytes, FeatureGrid::sizeInBytes);
    }
}
