package org.sparsesam.core.fewshot;

import java.util.ArrayList;
import java.util.List;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.eval.DatasetSource;
import org.sparsesam.core.eval.EvaluationListener;
import org.sparsesam.core.eval.EvaluationReport;
import org.sparsesam.core.eval.EvaluationRunner;
import org.sparsesam.core.eval.EvaluationSettings;
import org.sparsesam.core.eval.GtKind;
import org.sparsesam.core.eval.ItemEvaluation;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.core.prompt.ClickSimulator.ClickCounts;
import org.sparsesam.core.prompt.ClickSimulator.Protocol;

/**
 * Few-shot evaluation: repeat r draws K annotated images with seed {@code seed + r}, trains a model on them
 * and scores it on every other image of the set (never a training image), with no clicks. The report has one
 * entry per scored image and repeat, like a click evaluation's, so the same CSV files and summaries serve.
 */
public final class FewShotEvaluation {
    private final SparseSam sam;
    private final int shots;
    private final FewShotSettings settings;
    private final long seed;
    private final int repeats;

    public FewShotEvaluation(SparseSam sam, int shots, FewShotSettings settings, long seed, int repeats) {
        this.sam = sam;
        this.shots = shots;
        this.settings = settings;
        this.seed = seed;
        this.repeats = repeats;
    }

    /** {@code trained} hears of each repeat's training images before its scores arrive. */
    public EvaluationReport run(DatasetSource source, EvaluationListener listener, TrainingListener trained,
                                Progress progress, CancelToken cancel) {
        List<String> annotated = DatasetTraining.annotatedItems(source);
        GtKind kind = DatasetTraining.kind(source, annotated);
        // The runner wants clicks to simulate; the segmenter below never looks at them and the report drops them.
        EvaluationSettings runnerSettings = new EvaluationSettings(new ClickCounts(1, 0), Protocol.RANDOM, seed, 1);
        List<ItemEvaluation> all = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            cancel.throwIfCancelled();
            long repeatSeed = seed + r;
            List<String> training = DatasetTraining.draw(annotated, shots, repeatSeed);
            progress.report("repeat " + (r + 1) + "/" + repeats + ": training on " + training, (double) r / repeats);
            List<AnnotatedImage> images = new ArrayList<>();
            for (String item : training) {
                images.add(DatasetTraining.load(source, item, kind));
            }
            FewShotModel model = sam.train(images, settings.withSeed(repeatSeed), source.name(), Progress.NONE, cancel);
            trained.trained(r, model);
            int repeat = r;
            EvaluationListener relabelling = (e, artifacts) -> listener.evaluated(relabel(e, repeat, repeatSeed), artifacts);
            EvaluationReport report = new EvaluationRunner(new EvaluationSettings(runnerSettings.clicks(), runnerSettings.protocol(),
                    repeatSeed, 1), (image, points, p, c) -> sam.segment(image, List.of(), model, p, c))
                    .run(new Without(source, training), relabelling, Progress.NONE, cancel);
            for (ItemEvaluation e : report.evaluations()) {
                all.add(relabel(e, repeat, repeatSeed));
            }
        }
        progress.report("evaluation done", 1);
        return new EvaluationReport(source.name(), kind, new EvaluationSettings(runnerSettings.clicks(), runnerSettings.protocol(),
                seed, repeats), all);
    }

    private static ItemEvaluation relabel(ItemEvaluation e, int repeat, long seed) {
        return new ItemEvaluation(e.item(), repeat, seed, e.status(), e.message(), e.gtKind(), e.metrics(), List.of(),
                e.notes(), e.stageMillis(), e.totalMillis());
    }

    /** Told which images each repeat trained on. */
    @FunctionalInterface
    public interface TrainingListener {
        void trained(int repeat, FewShotModel model);
    }

    /** The source without the training images: they are never scored. */
    private record Without(DatasetSource source, List<String> excluded) implements DatasetSource {
        @Override
        public String name() {
            return source.name();
        }

        @Override
        public List<String> items() {
            return source.items().stream().filter(i -> !excluded.contains(i)).toList();
        }

        @Override
        public boolean hasMask(String item) {
            return source.hasMask(item);
        }

        @Override
        public RasterImage loadImage(String item) {
            return source.loadImage(item);
        }

        @Override
        public LabelImage loadMask(String item) {
            return source.loadMask(item);
        }
    }
}
