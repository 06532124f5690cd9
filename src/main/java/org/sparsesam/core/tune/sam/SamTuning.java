package org.sparsesam.core.tune.sam;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.sam.MaskUpscaler;
import org.sparsesam.core.encode.sam.SamEmbedding;
import org.sparsesam.core.encode.sam.SamEncoder;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.model.ModelManifest;
import org.sparsesam.core.prompt.Point;

/**
 * The pipeline's SAM tuning step: from the initial probability map and the clicks to the tuned decoder's
 * probability map at image resolution. The decoder is loaded for the call and closed after it.
 */
public final class SamTuning {
    private SamTuning() {}

    /** Fails with the reason when {@code encoder}'s package cannot be tuned (no TorchScript decoder). */
    public static Path decoderFile(SamEncoder encoder) {
        ModelManifest manifest = encoder.manifest();
        return encoder.decoderTorchScript().orElseThrow(() -> new SparseSamException("The model package "
                + manifest.name() + " has no trainable TorchScript decoder (decoder_torchscript in its model.json),"
                + " which SAM tuning fine-tunes: re-export the package with tools/sam_export.py, or use tune = head."));
    }

    /**
     * @param probability the kept iteration's foreground probability at image resolution
     * @param result      the training log and the kept low-resolution logits
     * @param stepMillis  wall time of the training loop divided by the iterations evaluated
     */
    public record Outcome(FloatPlane probability, SamTuneResult result, double stepMillis) {}

    public static Outcome tune(SamEncoder encoder, SamEmbedding embedding, FloatPlane initialProbability,
                                  List<Point> clicks, SamTuneOptions options, Progress progress, CancelToken cancel) {
        Path file = decoderFile(encoder);
        ModelManifest manifest = encoder.manifest();
        var label = LowResPseudoLabel.of(initialProbability, clicks, embedding.frame(), manifest.lowResMaskSize(),
                options.pseudoLabel());
        SamTuneResult result;
        long start;
        double stepMillis;
        try (TorchScriptDecoder decoder = TorchScriptDecoder.open(file, manifest)) {
            start = System.nanoTime();
            result = new SamDecoderTuner(options).train(decoder, embedding, clicks, label, progress, cancel);
            stepMillis = (System.nanoTime() - start) / 1e6 / result.log().size();
        }
        progress.note(String.format(Locale.ROOT, "tuned SAM decoder: kept iteration %d of %d (IoU %.3f with the pseudo-label)",
                result.bestIteration(), result.log().size() - 1, result.bestIou()));
        return new Outcome(probability(result.lowResLogits(), embedding), result, stepMillis);
    }

    /** Sigmoid of the logits upscaled to the image exactly as SAM upscales masks. */
    static FloatPlane probability(FloatPlane lowResLogits, SamEmbedding embedding) {
        FloatPlane logits = MaskUpscaler.toImage(lowResLogits, embedding.frame());
        float[] d = logits.data();
        float[] p = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            p[i] = (float) (1 / (1 + Math.exp(-d[i])));
        }
        return new FloatPlane(logits.width(), logits.height(), p);
    }
}
