package org.sparsesam.core.fewshot;

import java.util.List;
import java.util.Locale;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.encode.SimilarityCalibration;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.image.Resample;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.core.similarity.InitialMap;
import org.sparsesam.core.similarity.Prototypes;
import org.sparsesam.core.similarity.StainPrior;
import org.sparsesam.core.similarity.StainScales;
import org.sparsesam.core.tune.Head;
import org.sparsesam.core.tune.HeadTrainer;
import org.sparsesam.core.tune.PseudoLabel;
import org.sparsesam.core.tune.TuneOptions;
import org.sparsesam.core.tune.TuneResult;

/** The steps of {@link org.sparsesam.core.SparseSam} that differ when a few-shot model is applied. */
public final class FewShotApplication {
    private FewShotApplication() {}

    /**
     * The initial map of a prototype model: its prototypes plus the clicks' (clicks extend the model), and the
     * stain prior it chose on its training masks, unless the clicks agree better with another candidate: then
     * the clicks override it, as they choose the prior in click mode (a model for nuclei, clicked on stroma,
     * finds stroma). An encoder calibrated without a stain prior (the learned one) uses the prototypes alone.
     */
    public static InitialMap initialMap(FewShotModel model, RasterImage image, FeatureGrid grid, List<Point> points,
                                        SimilarityCalibration calibration, Progress progress) {
        Prototypes prototypes = model.prototypes().plus(Prototypes.fromClicks(grid, points));
        if (!calibration.usesStainPrior()) {
            return InitialMap.withoutPrior(image, grid, prototypes, calibration);
        }
        StainScales scales = StainScales.of(image); // once: the model's choice and the clicks' choice both read it
        StainPrior prior = StainPrior.named(scales, image.isRgb(), model.stainPrior());
        if (!points.isEmpty()) {
            StainPrior byClicks = StainPrior.choose(scales, points);
            StainPrior modelsChoice = StainPrior.candidates(scales, points).stream()
                    .filter(c -> c.name().equals(model.stainPrior())).findFirst().orElse(prior);
            if (byClicks.agreement() > modelsChoice.agreement() + 1e-9) {
                progress.note(String.format(Locale.ROOT, "the clicks override the model's stain prior %s (%.0f%% of the clicks agree)"
                        + " with %s (%.0f%%)", model.stainPrior(), 100 * modelsChoice.agreement(), byClicks.name(), 100 * byClicks.agreement()));
                prior = byClicks;
            }
        }
        return InitialMap.compute(image, grid, prototypes, prior);
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
