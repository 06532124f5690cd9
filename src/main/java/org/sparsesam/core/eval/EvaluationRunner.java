package org.sparsesam.core.eval;

import java.util.ArrayList;
import java.util.List;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.eval.ItemEvaluation.Status;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.core.prompt.ClickSimulator;
import org.sparsesam.core.prompt.ClickSimulator.Clicks;

/**
 * Evaluates a segmenter on a dataset: for each image, simulate clicks from its ground truth, segment, score.
 * A bad item (no mask, a mask of another size, an empty mask: skipped; unreadable, or the segmentation
 * failed: failed) is reported and the run goes on; only cancelling stops it. Each image is loaded once and
 * segmented once per repeat, so an encoder that caches embeddings encodes it once.
 */
public final class EvaluationRunner {
    private final EvaluationSettings settings;
    private final Segmenter segmenter;

    public EvaluationRunner(EvaluationSettings settings, Segmenter segmenter) {
        this.settings = settings;
        this.segmenter = segmenter;
    }

    public EvaluationReport run(DatasetSource source, EvaluationListener listener, Progress progress, CancelToken cancel) {
        List<String> items = source.items();
        if (items.isEmpty()) {
            throw new SparseSamException("The dataset " + source.name() + " holds no images: put images in images/ and masks of the same names in masks/.");
        }
        GtKind kind = detectKind(source, items, progress, cancel);
        progress.note("dataset " + source.name() + ": " + items.size() + " images, " + kind.csvName() + " masks");
        ClickSimulator simulator = settings.simulator();
        List<ItemEvaluation> evaluations = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            cancel.throwIfCancelled();
            String item = items.get(i);
            progress.report("image " + (i + 1) + "/" + items.size() + ": " + item, (double) i / items.size());
            for (ItemEvaluation e : evaluateItem(source, item, kind, simulator, itemProgress(progress, i, items.size()), listener, cancel)) {
                evaluations.add(e);
            }
        }
        progress.report("evaluation done", 1);
        return new EvaluationReport(source.name(), kind, settings, evaluations);
    }

    /** Instance labels when any mask holds more than one object value; binary otherwise. */
    public static GtKind detectKind(DatasetSource source, List<String> items, Progress progress, CancelToken cancel) {
        for (int i = 0; i < items.size(); i++) {
            cancel.throwIfCancelled();
            progress.report("reading masks", (double) i / items.size() * 0.05);
            String item = items.get(i);
            if (!source.hasMask(item)) {
                continue;
            }
            try {
                if (GroundTruth.hasSeveralObjectValues(source.loadMask(item))) {
                    return GtKind.INSTANCE;
                }
            } catch (CancelToken.CancelledException e) {
                throw e;
            } catch (SparseSamException e) {
                // Reported when the item itself is evaluated.
            }
        }
        return GtKind.BINARY;
    }

    private List<ItemEvaluation> evaluateItem(DatasetSource source, String item, GtKind kind, ClickSimulator simulator,
                                              Progress progress, EvaluationListener listener, CancelToken cancel) {
        long seed = settings.seed();
        if (!source.hasMask(item)) {
            return report(listener, ItemEvaluation.notEvaluated(item, seed, Status.SKIPPED, "no mask with this name in masks/", kind));
        }
        RasterImage image;
        LabelImage mask;
        try {
            mask = source.loadMask(item);
            image = source.loadImage(item);
        } catch (CancelToken.CancelledException e) {
            throw e;
        } catch (SparseSamException e) {
            return report(listener, ItemEvaluation.notEvaluated(item, seed, Status.FAILED, e.getMessage(), kind));
        }
        if (mask.width() != image.width() || mask.height() != image.height()) {
            return report(listener, ItemEvaluation.notEvaluated(item, seed, Status.SKIPPED, "mask is " + mask.width() + "x" + mask.height()
                    + " but image is " + image.width() + "x" + image.height(), kind));
        }
        if (GroundTruth.isEmpty(mask)) {
            return report(listener, ItemEvaluation.notEvaluated(item, seed, Status.SKIPPED, "mask is empty (no objects to click)", kind));
        }
        LabelImage objects = GroundTruth.objects(mask, kind);
        List<ItemEvaluation> out = new ArrayList<>();
        for (int r = 0; r < settings.repeats(); r++) {
            cancel.throwIfCancelled();
            long repeatSeed = seed + r;
            Clicks clicks = simulator.simulate(objects, repeatSeed);
            Progress repeatProgress = Progress.scaled(progress, (double) r / settings.repeats(), 1.0 / settings.repeats());
            SegmentResult result;
            long start = System.nanoTime();
            try {
                result = segmenter.segment(image, clicks.points(), repeatProgress, cancel);
            } catch (CancelToken.CancelledException e) {
                throw e;
            } catch (SparseSamException e) {
                out.addAll(report(listener, failed(item, r, repeatSeed, e.getMessage(), kind, clicks)));
                continue;
            } catch (RuntimeException e) {
                // A bug on one image should not cost the whole run; the class name keeps it visible.
                out.addAll(report(listener, failed(item, r, repeatSeed, "internal error " + e.getClass().getSimpleName() + ": " + e.getMessage(), kind, clicks)));
                continue;
            }
            double millis = (System.nanoTime() - start) / 1e6;
            ImageMetrics metrics = Metrics.evaluate(objects, result.labels(), kind);
            List<String> notes = new ArrayList<>(clicks.notes());
            notes.addAll(result.notes());
            ItemEvaluation e = new ItemEvaluation(item, r, repeatSeed, Status.OK, "", kind, metrics, clicks.points(), notes,
                    result.stageMillis(), millis);
            out.add(e);
            listener.evaluated(e, new EvaluationListener.Artifacts(image, objects, result.labels()));
        }
        return out;
    }

    private static ItemEvaluation failed(String item, int repeat, long seed, String message, GtKind kind, Clicks clicks) {
        return new ItemEvaluation(item, repeat, seed, Status.FAILED, message, kind, null, clicks.points(), clicks.notes(),
                java.util.Map.of(), Double.NaN);
    }

    private static List<ItemEvaluation> report(EvaluationListener listener, ItemEvaluation e) {
        listener.evaluated(e, null);
        return List.of(e);
    }

    private static Progress itemProgress(Progress progress, int index, int count) {
        return Progress.scaled(progress, 0.05 + 0.95 * index / count, 0.95 / count);
    }

}
