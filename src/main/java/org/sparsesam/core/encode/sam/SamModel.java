package org.sparsesam.core.encode.sam;

import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.encode.PromptableEncoder;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.model.ModelPackage;

/**
 * A SAM model package's encoder and decoder, opened together from the same package: the encoder serves
 * self-similarity (as {@link SamEncoder} alone does) and the decoder turns prompts on its embeddings into
 * object masks. Closing it closes both sessions.
 */
public final class SamModel implements PromptableEncoder {
    private final SamEncoder encoder;
    private final SamDecoder decoder;
    /** Held open while the model lives when decoder tuning will read its TorchScript file later; else null. */
    private ModelPackage heldPackage;

    public SamModel(ModelPackage pkg, Device device, Progress progress) {
        SamEncoder opened = new SamEncoder(pkg, device, progress);
        try {
            this.decoder = new SamDecoder(pkg, device, progress);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        this.encoder = opened;
    }

    /**
     * Opens a package's model and takes ownership of the package: a zip's unpacked folder goes as soon as the
     * sessions are open, unless the package carries a TorchScript decoder, which tuning reads from disk later.
     */
    public static SamModel openOwning(ModelPackage pkg, Device device, Progress progress) {
        SamModel model;
        try {
            model = new SamModel(pkg, device, progress);
        } catch (RuntimeException e) {
            pkg.close();
            throw e;
        }
        if (model.encoder.decoderTorchScript().isPresent()) {
            model.heldPackage = pkg;
        } else {
            pkg.close();
        }
        return model;
    }

    @Override
    public String id() {
        return encoder.id();
    }

    public SamEncoder encoder() {
        return encoder;
    }

    @Override
    public SamDecoder decoder() {
        return decoder;
    }

    @Override
    public FeatureGrid encode(RasterImage image, Progress progress, CancelToken cancel) {
        return encoder.encode(image, progress, cancel);
    }

    @Override
    public SamEmbedding embed(RasterImage image, Progress progress, CancelToken cancel) {
        return encoder.embed(image, progress, cancel);
    }

    /**
     * An image that fits one frame has exactly this embedding's grid, so the embedding at hand serves without
     * a second encode; a larger one is encoded in tiles at its own scale, which the whole-frame embedding
     * (made for the decoder) cannot give.
     */
    @Override
    public FeatureGrid encode(RasterImage image, SamEmbedding embedding, Progress progress, CancelToken cancel) {
        if (encoder.tilingFor(image.width(), image.height()) != null) {
            return encoder.encode(image, progress, cancel);
        }
        return embedding.toFeatureGrid();
    }

    /** Large images (those {@link SamEncoder#encode} tiles) give their tiles, encoded once for grid and decoder. */
    @Override
    public TiledEmbedding embedForPrompts(RasterImage image, Progress progress, CancelToken cancel) {
        SamTiling tiling = encoder.tilingFor(image.width(), image.height());
        if (tiling == null) {
            return TiledEmbedding.whole(encoder.embed(image, progress, cancel));
        }
        progress.note(String.format(java.util.Locale.ROOT, "%dx%d image: encoded in %d tiles of %d px (overlap %d px) at its own scale;"
                        + " each prompt is decoded on the tile that holds it.", image.width(), image.height(),
                tiling.tileCount(image.width(), image.height()), tiling.tileSize(), tiling.overlap()));
        return encoder.embedTiles(image, tiling, progress, cancel);
    }

    @Override
    public void close() {
        try {
            decoder.close();
        } finally {
            try {
                encoder.close();
            } finally {
                if (heldPackage != null) {
                    heldPackage.close();
                }
            }
        }
    }
}
