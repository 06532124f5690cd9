package org.sparsesam.core.encode.sam;

import java.util.concurrent.atomic.AtomicInteger;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.encode.PromptableEncoder;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.model.ModelPackage;
import org.sparsesam.core.model.TinySamFixture;

/** The tiny SAM test package opened as encoder plus decoder, and a wrapper that counts how often it encodes. */
public final class TinySamModels {
    private TinySamModels() {}

    public static SamModel open() {
        try (ModelPackage pkg = ModelPackage.open(TinySamFixture.packageFolder())) {
            return new SamModel(pkg, Device.CPU, Progress.NONE);
        }
    }

    /** Forwards every call to a real model and counts the encoder runs; outputs are the model's own. */
    public static final class Counting implements PromptableEncoder {
        private final SamModel model;
        public final AtomicInteger embeds = new AtomicInteger(), encodes = new AtomicInteger();

        public Counting(SamModel model) {
            this.model = model;
        }

        @Override
        public String id() {
            return model.id();
        }

        @Override
        public FeatureGrid encode(RasterImage image, Progress progress, CancelToken cancel) {
            encodes.incrementAndGet();
            return model.encode(image, progress, cancel);
        }

        @Override
        public FeatureGrid encode(RasterImage image, SamEmbedding embedding, Progress progress, CancelToken cancel) {
            return model.encode(image, embedding, progress, cancel);
        }

        @Override
        public SamEmbedding embed(RasterImage image, Progress progress, CancelToken cancel) {
            embeds.incrementAndGet();
            return model.embed(image, progress, cancel);
        }

        @Override
        public TiledEmbedding embedForPrompts(RasterImage image, Progress progress, CancelToken cancel) {
            embeds.incrementAndGet();
            return model.embedForPrompts(image, progress, cancel);
        }

        @Override
        public FeatureGrid encode(RasterImage image, TiledEmbedding embedding, Progress progress, CancelToken cancel) {
            return model.encode(image, embedding, progress, cancel);
        }

        @Override
        public SamDecoder decoder() {
            return model.decoder();
        }

        @Override
        public void close() {
            model.close();
        }
    }
}
