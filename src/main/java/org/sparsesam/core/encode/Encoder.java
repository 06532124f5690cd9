package org.sparsesam.core.encode;

import java.util.Optional;
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

    /**
     * What this encoder produces for an RGB ({@code rgb}) or grey image and what encoding needs, for memory estimates
     * and tiling; empty when the encoder cannot say before it runs (the default).
     */
    default Optional<EncoderProfile> profile(boolean rgb) {
        return Optional.empty();
    }

    /** How similarity to the clicks in this encoder's features becomes a foreground map. */
    default SimilarityCalibration similarity() {
        return SimilarityCalibration.WITH_STAIN_PRIOR;
    }

    @Override
    default void close() {}
}
