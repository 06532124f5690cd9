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

    FeatureGrid encode(RasterImage image, Progress progress, CancelToken cancel);

    @Override
    default void close() {}
}
