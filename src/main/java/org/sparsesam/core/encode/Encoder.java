package org.sparsesam.core.encode;

import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.image.RasterImage;

/**
 * Turns an image into a {@link FeatureGrid}. Implementations: the built-in H&amp;E feature encoder
 * and SAM-family encoders. An encoder may hold native resources (model sessions): close it.
 */
public interface Encoder extends AutoCloseable {
    /** Stable identifier of the encoder and its weights, recorded in caches and trained-model files. */
    String id();

    /**
     * SHA-256 of the weights behind {@link #id()}, recorded in trained-model files so that a model is never
     * applied with other weights under the same name; empty for encoders without a weights file (built-in).
     */
    default String checksum() {
        return "";
    }

    FeatureGrid encode(RasterImage image, Progress progress, CancelToken cancel);

    @Override
    default void close() {}
}
