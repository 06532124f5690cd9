package org.sparsesam.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparsesam.core.encode.EmbeddingCache;
import org.sparsesam.core.encode.Encoder;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.fewshot.AnnotatedImage;
import org.sparsesam.core.fewshot.FewShotApplication;
import org.sparsesam.core.fewshot.FewShotModel;
import org.sparsesam.core.fewshot.FewShotSettings;
import org.sparsesam.core.fewshot.FewShotTrainer;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.BinaryMask;
import org.sparsesam.core.instance.InstanceInfo;
import org.sparsesam.core.instance.Instances;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.core.instance.ObjectScale;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.core.prompt.PointChecks;
import org.sparsesam.core.image.Resample;
import org.sparsesam.core.similarity.InitialMap;
import org.sparsesam.core.tune.HeadKind;
import org.sparsesam.core.tune.HeadTrainer;
import org.sparsesam.core.tune.TuneOptions;
import org.sparsesam.core.tune.TuneResult;

/**
 * The one headless front end: the Fiji commands, macros, the CLI and the tests all segment through it.
 * Built once from immutable options; holds the encoder and an embedding cache so that re-segmenting the
 * same image after another click does not encode again. Not thread-safe: one per worker.
 */
public final class SparseSam implements AutoCloseable {
    /** Default cache budget: a few full-resolution built-in embeddings of 1000x1000 images. */
    public static final long DEFAULT_CACHE_BYTES = 1L << 30;

    private final SegmentOptions options;
    private final Encoder encoder;
    private final EmbeddingCache cache;

    public SparseSam(SegmentOptions options, Encoder encoder) {
        this(options, encoder, new EmbeddingCache(DEFAULT_CACHE_BYTES));
    }

    public SparseSam(SegmentOptions options, Encoder encoder, EmbeddingCache cache) {
        this.options = options;
        this.encoder = encoder;
        this.cache = cache;
    }

    public SegmentOptions options() {
        return options;
    }

    public EmbeddingCache cache() {
        return cache;
    }

    /** Segments every structure like the foreground clicks. Throws {@link SparseSamException} on bad input. */
    public SegmentResult segment(RasterImage image, List<Point> points, Progress progress, CancelToken cancel) {
        PointChecks.validate(points, image.width(), image.height());
        return run(image, points, null, progress, cancel);
    }

    /**
     * Segments with a few-shot model instead of (or as well as) clicks. Prototype models stand in for the
     * clicks of the self-similarity step and the rest runs as for clicks; head models predict the map.
     * Clicks, when given, extend a prototype model (their prototypes join its own) and override its stain prior
     * when they agree better with another; they fine-tune a head model on this image. A model trained with
     * another encoder is refused.
     */
    public SegmentResult segment(RasterImage image, List<Point> points, FewShotModel model, Progress progress, CancelToken cancel) {
        model.checkEncoder(encoder.id(), encoder.checksum());
        if (!points.isEmpty()) {
            PointChecks.validate(points, image.width(), image.height());
        }
        return run(image, points, model, progress, cancel);
    }

    /**
     * Learns a few-shot model from annotated images with this encoder (encodings go through the cache).
     * Development Dice is left to the caller, who knows which images are held out.
     */
    public FewShotModel train(List<AnnotatedImage> images, FewShotSettings settings, String dataset, Progress progress,
                              CancelToken cancel) {
        List<FeatureGrid> grids = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            progress.report("encode " + images.get(i).name(), 0.5 * i / images.size());
            grids.add(features(images.get(i).image(), Progress.NONE, cancel));
        }
        return new FewShotTrainer(settings).train(images, grids, encoder.id(), encoder.checksum(), dataset,
                (stage, fraction) -> progress.report(stage, 0.5 + 0.5 * Math.max(0, fraction)), cancel);
    }

    /** The encoder's features of {@code image}, from the cache when it holds them. */
    public FeatureGrid features(RasterImage image, Progress progress, CancelToken cancel) {
        FeatureGrid grid = cache.get(encoder.id(), image);
        if (grid == null) {
            grid = encoder.encode(image, progress, cancel);
            cache.put(encoder.id(), image, grid);
        }
        return grid;
    }

    private SegmentResult run(RasterImage image, List<Point> points, FewShotModel model, Progress progress, CancelToken cancel) {
        List<String> notes = new ArrayList<>();
        Map<String, Double> millis = new LinkedHashMap<>();
        Progress noting = new Progress() {
            @Override
            public void report(String stage, double fraction) {
                progress.report(stage, fraction);
            }

            @Override
            public void note(String message) {
                notes.add(message);
                progress.note(message);
            }
        };

        long t = System.nanoTime();
        FeatureGrid grid = cache.get(encoder.id(), image);
        if (grid == null) {
            noting.report("encode", 0.0);
            grid = encoder.encode(image, noting, cancel);
            cache.put(encoder.id(), image, grid);
            t = lap(millis, "encode", t);
        } else {
            t = lap(millis, "encode (cached)", t);
        }
        cancel.throwIfCancelled();

        FloatPlane probability;
        if (model != null && model.head() != null) {
            noting.report("trained head", 0.6);
            probability = FewShotApplication.headProbability(model, grid, image, points, options.seed(), noting, cancel);
            t = lap(millis, "trained head", t);
        } else {
            noting.report("similarity", 0.6);
            InitialMap initial = model == null ? InitialMap.compute(image, grid, points)
                    : FewShotApplication.initialMap(model, image, grid, points, noting);
            if (model == null && initial.prior() != null && initial.prior().agreement() < 1.0) {
                noting.note(String.format(java.util.Locale.ROOT, "stain prior %s agrees with %.0f%% of the clicks",
                        initial.prior().name(), 100 * initial.prior().agreement()));
            }
            t = lap(millis, "similarity", t);
            cancel.throwIfCancelled();
            probability = initial.probability();
        }

        if (options.tune().equals("head") && options.tuneIterations() > 0) {
            probability = tune(grid, probability, points, noting, cancel);
            t = lap(millis, "tune", t);
        }

        noting.report("instances", 0.8);
        BinaryMask mask = BinaryMask.above(probability, 0.5f);
        ObjectScale scale = ObjectScale.fromClicks(mask, points);
        if (model != null && scale.clickedObjects() == 0 && model.objectRadius() > 0) {
            scale = new ObjectScale(model.objectRadius(), 0);
        }
        int minArea = options.minArea() > 0 ? options.minArea() : scale.minArea();
        LabelImage labels = scale.toInstances(mask, probability, minArea, options.splitTouching());
        List<InstanceInfo> instances = Instances.describe(labels, probability);
        lap(millis, "instance labelling", t);
        noting.report("done", 1.0);
        return new SegmentResult(labels, probability, instances, List.copyOf(notes), millis);
    }

    /**
     * The method's step 3: a head on the frozen features is trained on this image with the initial map as
     * pseudo-label, and the iteration that agrees best with it is kept. The head sees every feature at
     * once, so it can follow what the stain prior and similarity missed where the two disagree.
     */
    private FloatPlane tune(FeatureGrid grid, FloatPlane initial, List<Point> points, Progress progress, CancelToken cancel) {
        TuneOptions.Builder tuning = TuneOptions.builder().head(HeadKind.parse(options.head()))
                .iterations(options.tuneIterations()).seed(options.seed());
        if (options.learningRate() > 0) {
            tuning.learningRate(options.learningRate());
        }
        FloatPlane onGrid = Resample.toGrid(initial, grid.stride(), grid.gridWidth(), grid.gridHeight());
        TuneResult result = new HeadTrainer(tuning.build()).tune(grid, onGrid, points,
                (stage, fraction) -> progress.report(stage, 0.6 + 0.2 * Math.max(0, fraction)), cancel);
        progress.note(String.format(java.util.Locale.ROOT, "tuned %s head: kept iteration %d of %d (IoU %.3f with the pseudo-label)",
                options.head(), result.bestIteration(), result.log().size(), result.bestIou()));
        return Resample.upsample(result.probability(), grid.stride(), initial.width(), initial.height());
    }

    private static long lap(Map<String, Double> millis, String stage, long since) {
        long now = System.nanoTime();
        millis.merge(stage, (now - since) / 1e6, Double::sum);
        return now;
    }

    @Override
    public void close() {
        encoder.close();
    }
}
