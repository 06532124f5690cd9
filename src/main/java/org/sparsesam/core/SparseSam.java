package org.sparsesam.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparsesam.core.encode.EmbeddingCache;
import org.sparsesam.core.encode.Encoder;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.encode.sam.SamEmbedding;
import org.sparsesam.core.encode.sam.SamEncoder;
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
import org.sparsesam.core.tune.sam.SamTuneOptions;
import org.sparsesam.core.tune.sam.SamTuning;

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
    /** The last SAM embedding and its image, for tune = sam (the cache holds feature grids, not embeddings). */
    private SamEmbedding lastEmbedding;
    private RasterImage lastEmbeddedImage;

    public SparseSam(SegmentOptions options, Encoder encoder) {
        this(options, encoder, new EmbeddingCache(DEFAULT_CACHE_BYTES));
    }

    public SparseSam(SegmentOptions options, Encoder encoder, EmbeddingCache cache) {
        this.options = options;
        this.encoder = encoder;
        this.cache = cache;
        if (options.tune().equals("sam") && !(encoder instanceof SamEncoder)) {
            throw new SparseSamException("tune = sam fine-tunes the mask decoder of a SAM model package, but the encoder '"
                    + options.encoder() + "' has none: choose a SAM model package as encoder, or use tune = head.");
        }
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
        boolean tuneSam = options.tune().equals("sam") && options.tuneIterations() > 0;
        FeatureGrid grid = cache.get(encoder.id(), image);
        SamEmbedding embedding = null;
        if (grid == null) {
            noting.report("encode", 0.0);
            if (tuneSam) {
                // The decoder needs SAM's embedding itself; the feature grid is made from it, so encode once.
                embedding = samEmbedding(image, noting, cancel);
                grid = embedding.toFeatureGrid();
            } else {
                grid = encoder.encode(image, noting, cancel);
            }
            cache.put(encoder.id(), image, grid);
            t = lap(millis, "encode", t);
        } else {
            t = lap(millis, "encode (cached)", t);
            if (tuneSam) {
                embedding = samEmbedding(image, noting, cancel);
                t = lap(millis, "encode (SAM embedding for tuning)", t);
            }
        }
        cancel.throwIfCancelled();

        noting.report("similarity", 0.6);
        InitialMap initial = InitialMap.compute(image, grid, points);
        if (initial.prior() != null && initial.prior().agreement() < 1.0) {
            noting.note(String.format(java.util.Locale.ROOT, "stain prior %s agrees with %.0f%% of the clicks",
                    initial.prior().name(), 100 * initial.prior().agreement()));
        }
        t = lap(millis, "similarity", t);
        cancel.throwIfCancelled();

        FloatPlane probability = initial.probability();
        if (options.tune().equals("head") && options.tuneIterations() > 0) {
            probability = tune(grid, probability, points, noting, cancel);
            t = lap(millis, "tune", t);
        } else if (tuneSam) {
            SamTuneOptions samOptions = SamTuneOptions.of(options.tuneIterations(),
                    options.learningRate() > 0 ? options.learningRate() : SamTuneOptions.DEFAULT_LEARNING_RATE);
            Progress tuning = new Progress() {
                @Override
                public void report(String stage, double fraction) {
                    noting.report(stage, 0.6 + 0.2 * Math.max(0, fraction));
                }

                @Override
                public void note(String message) {
                    noting.note(message);
                }
            };
            SamTuning.Outcome tuned = SamTuning.tune((SamEncoder) encoder, embedding, probability, points, samOptions, tuning, cancel);
            probability = tuned.probability();
            t = lap(millis, "tune", t);
            millis.put("tune: per SAM iteration", tuned.stepMillis());
        }

        noting.report("instances", 0.8);
        BinaryMask mask = BinaryMask.above(probability, 0.5f);
        ObjectScale scale = ObjectScale.fromClicks(mask, points);
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

    /**
     * SAM's embedding of {@code image}, kept for the last image only: re-segmenting after one more click then
     * needs no encoding (the identity test is enough, as callers pass the same image object again).
     */
    private SamEmbedding samEmbedding(RasterImage image, Progress progress, CancelToken cancel) {
        if (lastEmbedding == null || lastEmbeddedImage != image) {
            lastEmbedding = null;
            lastEmbedding = ((SamEncoder) encoder).embed(image, progress, cancel);
            lastEmbeddedImage = image;
        }
        return lastEmbedding;
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
