package org.sparsesam.core.fewshot;

import java.util.List;
import java.util.Locale;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.image.Resample;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.core.similarity.InitialMap;
import org.sparsesam.core.similarity.Prototypes;
import org.sparsesam.core.similarity.StainPrior;
import org.sparsesam.core.tune.Head;
import org.sparsesam.core.tune.HeadTrainer;
import org.sparsesam.core.tune.PseudoLabel;
import org.sparsesam.core.tune.TuneOptions;
import org.sparsesam.core.tune.TuneResult;

/** The steps of {@link org.sparsesam.core.SparseSam} that differ when a few-shot model is applied. */
public final class FewShotApplication {
    private FewShotApplication() {}

    /**
     * The initial map of a prototype model: its prototypes plus the clicks' (a click's own prototype is the
     * best match near it, so a click overrides the model there), and the stain prior the model chose on its
     * training masks. The clicks do not re-choose the stain: a few clicks guess it less reliably than whole masks.
     */
    public static InitialMap initialMap(FewShotModel model, RasterImage image, FeatureGrid grid, List<Point> points) {
        Prototypes prototypes = model.prototypes().plus(Prototypes.fromClicks(grid, points));
        return InitialMap.compute(image, grid, prototypes, StainPrior.named(image, model.stainPrior()));
    }

    /**
     * A head model's foreground probability at image resolution. With clicks, the head is first fine-tuned on
     * this image, on its own prediction with the clicks as certain cells, as test-time tuning does.
     */
    public static FloatPlane headProbability(FewShotModel model, FeatureGrid grid, RasterImage image, List<Point> points,
                                             long seed, Progress progress, CancelToken cancel) {
        Head head = model.head().toHead();
        if (head.inputChannels() != grid.channelCount()) {
            throw new org.sparsesam.core.SparseSamException("The model's head expects " + head.inputChannels()
                    + " feature channels but the encoder gives " + grid.channelCount()
                    + " for this image: apply it to images of the kind it was trained on (RGB or grey).");
        }
        FloatPlane onGrid = head.predictProbability(grid);
        if (!points.isEmpty()) {
            TuneOptions options = TuneOptions.builder().head(model.head().kind()).hiddenUnits(model.head().hiddenUnits())
                    .convLayers(model.head().convLayers()).seed(seed).build();
            PseudoLabel label = PseudoLabel.fromProbability(onGrid, points, grid, options.pseudoLabel());
            TuneResult tuned = new HeadTrainer(options).train(head, grid, label, progress, cancel);
            progress.note(String.format(Locale.ROOT, "fine-tuned the model's head on %d clicks: kept iteration %d of %d",
                    points.size(), tuned.bestIteration(), tuned.log().size()));
            onGrid = tuned.probability();
        }
        return Resample.upsample(onGrid, grid.stride(), image.width(), image.height());
    }
}
