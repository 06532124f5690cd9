package org.sparsesam.core.encode;

import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.encode.sam.SamDecoder;
import org.sparsesam.core.encode.sam.SamEmbedding;
import org.sparsesam.core.encode.sam.TiledEmbedding;
import org.sparsesam.core.image.RasterImage;

/**
 * An encoder whose model also has SAM's prompt decoder: what the refine and clicks modes need. The decoder
 * belongs to the encoder (same package, same weights' embedding space) and is closed with it.
 */
public interface PromptableEncoder extends Encoder {

    /** The image embedding the decoder takes (one frame over the whole image). */
    SamEmbedding embed(RasterImage image, Progress progress, CancelToken cancel);

    SamDecoder decoder();

    /**
     * The feature grid of an image whose embedding is already at hand. The default encodes again; an
     * implementation whose grid is derived from that same embedding returns it without a second encode.
     */
    default FeatureGrid encode(RasterImage image, SamEmbedding embedding, Progress progress, CancelToken cancel) {
        return encode(image, progress, cancel);
    }

    /**
     * The embeddings the decoder modes prompt on: one frame over the whole image by default; an encoder that
     * tiles large images returns its tiles, so each prompt is decoded on the tile that holds it.
     */
    default TiledEmbedding embedForPrompts(RasterImage image, Progress progress, CancelToken cancel) {
        return TiledEmbedding.whole(embed(image, progress, cancel));
    }

    /** The feature grid from the embeddings of {@link #embedForPrompts} (a tiled one is stitched, not encoded again). */
    default FeatureGrid encode(RasterImage image, TiledEmbedding embedding, Progress progress, CancelToken cancel) {
        return embedding.isWhole() ? encode(image, embedding.whole(), progress, cancel) : embedding.toFeatureGrid();
    }
}
