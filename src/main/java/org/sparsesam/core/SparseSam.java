package org.sparsesam.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparsesam.core.encode.BuiltinEncoder;
import org.sparsesam.core.encode.DiskEmbeddingCache;
import org.sparsesam.core.encode.EmbeddingCache;
import org.sparsesam.core.encode.Encoder;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.encode.PromptableEncoder;
import org.sparsesam.core.encode.sam.SamEmbedding;
import org.sparsesam.core.encode.sam.SamEmbeddingCache;
import org.sparsesam.core.encode.sam.TiledEmbedding;
import org.sparsesam.core.encode.sam.SamModel;
import org.sparsesam.core.fewshot.AnnotatedImage;
import org.sparsesam.core.fewshot.FewShotApplication;
import org.sparsesam.core.fewshot.FewShotModel;
import org.sparsesam.core.fewshot.FewShotSettings;
import org.sparsesam.core.fewshot.FewShotTrainer;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.Magnification;
import org.sparsesam.core.image.ImageSource;
import org.sparsesam.core.tile.AssembledTiles;
import org.sparsesam.core.tile.TileSink;
import org.sparsesam.core.tile.TiledSegmentation;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.BinaryMask;
import org.sparsesam.core.instance.InstanceInfo;
import org.sparsesam.core.instance.InstanceLabelling;
import org.sparsesam.core.instance.Instances;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.core.instance.ObjectScale;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.core.prompt.PointChecks;
import org.sparsesam.core.image.Resample;
import org.sparsesam.core.refine.DecoderRefinement;
import org.sparsesam.core.similarity.InitialMap;
import org.sparsesam.core.similarity.LearnedSeams;
import org.sparsesam.core.similarity.Prototypes;
import org.sparsesam.core.similarity.SeamWeight;
import org.sparsesam.core.similarity.SimilarityMemo;
import org.sparsesam.core.similarity.StainPrior;
import org.sparsesam.core.similarity.StainScales;
import org.sparsesam.core.tune.HeadKind;
import org.sparsesam.core.tune.HeadTrainer;
import org.sparsesam.core.tune.PseudoLabel;
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
    /** Set to "off" to skip the memory check (to measure what the pipeline really needs). */
    public static final String MEMORY_CHECK_PROPERTY = "sparsesam.memoryCheck";

    private final SegmentOptions options;
    private final Encoder encoder;
    private final EmbeddingCache cache;
    /** The last image's stain scales: they depend on the image only, so a new click reuses them. */
    private StainScales stains;
    private Object stainsImageKey;
    /** The last image's stain as seams are read from it (see {@link SeamWeight#stain}), for the same reason. */
    private FloatPlane seamStain;
    private Object seamStainKey;
    /** The last image's learned instance map at image resolution (see {@link LearnedSeams}), for the same reason. */
    private FloatPlane learnedSeams;
    private Object learnedSeamsKey;
    /**
     * What the last segmentation of an image leaves for the next click on it (issue 19's live clicks): each click's
     * similarity plane, the last map, and each piece of the mask's instance analysis. Each starts again by itself when
     * the feature grid or the seam map (both kept per image above) is another.
     */
    private final SimilarityMemo similarityMemo = new SimilarityMemo();
    private final InstanceLabelling labelling = new InstanceLabelling();
    /** SAM embeddings for the decoder modes: a SAM embedding is a few MB, so a quarter of the budget holds many. */
    private final SamEmbeddingCache embeddings = new SamEmbeddingCache(DEFAULT_CACHE_BYTES / 4);
    /** Embeddings kept between sessions (cache_dir), or null. */
    private final DiskEmbeddingCache disk;

    public SparseSam(SegmentOptions options, Encoder encoder) {
        this(options, encoder, new EmbeddingCache(DEFAULT_CACHE_BYTES));
    }

    public SparseSam(SegmentOptions options, Encoder encoder, EmbeddingCache cache) {
        this.options = options;
        this.encoder = encoder;
        this.cache = cache;
        try {
            this.disk = options.cacheDir().isEmpty() ? null
                    : new DiskEmbeddingCache(Path.of(options.cacheDir()), DiskEmbeddingCache.DEFAULT_BUDGET_BYTES);
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
        if (options.usesDecoder() && !(encoder instanceof PromptableEncoder)) {
            encoder.close(); // ours to close, and no one else holds it: refuse before any image is read
            throw noDecoder();
        }
        if (tunesSam() && !(encoder instanceof SamModel)) {
            encoder.close();
            throw new SparseSamException("tune = sam fine-tunes the mask decoder of a SAM model package, but the encoder '"
                    + options.encoder() + "' has none: choose a SAM model package as encoder, or use tune = head.");
        }
    }

    private boolean tunesSam() {
        return options.tune().equals("sam") && options.tuneIterations() > 0;
    }

    public SegmentOptions options() {
        return options;
    }

    public EmbeddingCache cache() {
        return cache;
    }

    public SamEmbeddingCache embeddingCache() {
        return embeddings;
    }

    /** Segments every structure like the foreground clicks. Throws {@link SparseSamException} on bad input. */
    public SegmentResult segment(RasterImage image, List<Point> points, Progress progress, CancelToken cancel) {
        PointChecks.validate(points, image.width(), image.height());
        return atScale(image, points, null, progress, cancel);
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
        return atScale(image, points, model, progress, cancel);
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
            grid = fromDisk(DISK_GRID, image, DiskEmbeddingCache.FEATURE_GRID, progress);
            if (grid == null) {
                grid = encoder.encode(image, progress, cancel);
                toDisk(DISK_GRID, image, grid, DiskEmbeddingCache.FEATURE_GRID, progress);
            }
            cache.put(encoder.id(), image, grid);
        }
        return grid;
    }

    private static final String DISK_GRID = "feature grid", DISK_PROMPTS = "sam embedding", DISK_FRAME = "sam whole frame";

    private <V> V fromDisk(String kind, RasterImage image, DiskEmbeddingCache.Codec<V> codec, Progress progress) {
        return disk == null ? null : disk.read(kind, encoder.id() + "\n" + encoder.checksum(), image, codec, progress);
    }

    private <V> void toDisk(String kind, RasterImage image, V value, DiskEmbeddingCache.Codec<V> codec, Progress progress) {
        if (disk != null) {
            disk.write(kind, encoder.id() + "\n" + encoder.checksum(), image, value, codec, progress);
        }
    }

    /**
     * At a scale below 1 the whole method runs on the image shrunk to that magnification (clicks moved with it,
     * min_area scaled by the area), and labels and map come back at the image's resolution.
     */
    private SegmentResult atScale(RasterImage image, List<Point> points, FewShotModel model, Progress progress, CancelToken cancel) {
        if (options.scale() == 1) {
            return run(image, points, model, progress, cancel);
        }
        long t = System.nanoTime();
        Magnification m = new Magnification(image.width(), image.height(), options.scale());
        RasterImage small = m.shrink(image);
        List<Point> moved = points.stream().map(p -> new Point(m.toSmallX(p.x()), m.toSmallY(p.y()), p.label())).toList();
        double shrinkMillis = (System.nanoTime() - t) / 1e6;
        SegmentResult r = run(small, moved, model, progress, cancel);
        t = System.nanoTime();
        LabelImage labels = m.enlarge(r.labels());
        FloatPlane probability = m.enlarge(r.probability());
        List<InstanceInfo> instances = Instances.describe(labels, probability);
        Map<String, Double> millis = new LinkedHashMap<>();
        millis.put("shrink image", shrinkMillis);
        millis.putAll(r.stageMillis());
        millis.put("enlarge outputs", (System.nanoTime() - t) / 1e6);
        List<String> notes = new ArrayList<>();
        notes.add(String.format(java.util.Locale.ROOT, "Segmented at scale %s: the %dx%d image as %dx%d, outputs back at %dx%d.",
                options.scale(), image.width(), image.height(), m.smallWidth(), m.smallHeight(), image.width(), image.height()));
        progress.note(notes.get(0));
        notes.addAll(r.notes());
        return new SegmentResult(labels, probability, instances, List.copyOf(notes), millis);
    }

    /** min_area in pixels of the image the method runs on (the shrunk one at a scale below 1); 0 stays automatic. */
    private int minAreaOption() {
        if (options.minArea() == 0 || options.scale() == 1) {
            return options.minArea();
        }
        return Math.max(1, (int) Math.round(options.minArea() * options.scale() * options.scale()));
    }

    private SegmentResult run(RasterImage image, List<Point> points, FewShotModel model, Progress progress, CancelToken cancel) {
        int tileSize = model == null ? tileSize(image.width(), image.height(), image.isRgb(), MemoryEstimate.Whole.ASSEMBLED) : 0;
        if (tileSize > 0) {
            return tiled(image, points, tileSize, progress, cancel);
        }
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
        // The decoder modes and decoder tuning need SAM's embedding itself; the feature grid is made from it.
        PromptableEncoder promptable = options.usesDecoder() || tunesSam() ? promptable() : null;
        TiledEmbedding embedding = null;
        if (promptable != null) {
            embedding = embeddings.get(encoder.id(), image);
            if (embedding == null && (embedding = fromDisk(DISK_PROMPTS, image, TiledEmbedding.CODEC, noting)) != null) {
                embeddings.put(encoder.id(), image, embedding);
                t = lap(millis, "encode (disk cache)", t);
            } else if (embedding == null) {
                noting.report("encode", 0.0);
                embedding = promptable.embedForPrompts(image, noting, cancel);
                embeddings.put(encoder.id(), image, embedding);
                toDisk(DISK_PROMPTS, image, embedding, TiledEmbedding.CODEC, noting);
                t = lap(millis, "encode", t);
            } else {
                t = lap(millis, "encode (cached)", t);
            }
            cancel.throwIfCancelled();
        }
        if (options.mode().equals(SegmentOptions.MODE_CLICKS)) {
            return clicks(promptable, embedding, image, points, noting, cancel, notes, millis, t);
        }
        FeatureGrid grid = cache.get(encoder.id(), image);
        if (grid == null && embedding == null && (grid = fromDisk(DISK_GRID, image, DiskEmbeddingCache.FEATURE_GRID, noting)) != null) {
            cache.put(encoder.id(), image, grid);
            t = lap(millis, "encode (disk cache)", t);
        } else if (grid == null) {
            checkMemory(image);
            noting.report("encode", 0.0);
            if (embedding != null) {
                grid = promptable.encode(image, embedding, noting, cancel); // from the embedding at hand: not worth a file
            } else {
                grid = encoder.encode(image, noting, cancel);
                toDisk(DISK_GRID, image, grid, DiskEmbeddingCache.FEATURE_GRID, noting);
            }
            cache.put(encoder.id(), image, grid);
            t = lap(millis, "encode", t);
        } else {
            t = lap(millis, "encode (cached)", t);
        }
        cancel.throwIfCancelled();

        FloatPlane probability;
        StainPrior prior = null;
        if (model != null && model.head() != null) {
            noting.report("trained head", 0.6);
            probability = FewShotApplication.headProbability(model, grid, image, points, options.seed(), noting, cancel);
            t = lap(millis, "trained head", t);
        } else {
            noting.report("similarity", 0.6);
            InitialMap initial = model != null ? FewShotApplication.initialMap(model, image, grid, points, encoder.similarity(), noting)
                    : encoder.similarity().usesStainPrior() ? InitialMap.compute(image, grid, stainScales(image), points)
                    : InitialMap.withoutPrior(image, grid, Prototypes.fromClicks(grid, points), encoder.similarity(), similarityMemo);
            if (model == null && initial.prior() != null) {
                noting.note(String.format(java.util.Locale.ROOT, "stain prior %s: orders %.0f%% of click pairs, %.0f%% of clicks on its side",
                        initial.prior().name(), 100 * initial.prior().ranking(), 100 * initial.prior().agreement()));
            }
            t = lap(millis, "similarity", t);
            cancel.throwIfCancelled();
            probability = initial.probability();
            prior = initial.prior();
        }

        if (options.tune().equals("head") && options.tuneIterations() > 0) {
            probability = tune(grid, PseudoLabel.clickedHolesFilled(probability, points), points, noting, cancel, millis);
            t = lap(millis, "tune", t);
        } else if (tunesSam()) {
            probability = tuneDecoder(((SamModel) encoder).encoder(), wholeFrame(promptable, embedding, image, noting, cancel),
                    PseudoLabel.clickedHolesFilled(probability, points), points, noting, cancel, millis);
            t = lap(millis, "tune", t);
        }

        noting.report("instances", 0.8);
        BinaryMask mask = BinaryMask.above(probability, 0.5f);
        ObjectScale scale;
        if (encoder.similarity().fillHoles()) {
            scale = ObjectScale.fromClicks(mask, points);
        } else {
            // Which pieces the mask has depends on the mask alone: found on this thread while another measures the
            // clicked objects, the two slowest sequential steps after a click.
            java.util.concurrent.ForkJoinTask<ObjectScale> measuring =
                    java.util.concurrent.ForkJoinPool.commonPool().submit(() -> ObjectScale.fromClicks(mask, points));
            labelling.follow(mask);
            scale = measuring.join();
        }
        if (model != null && scale.clickedObjects() == 0 && model.objectRadius() > 0) {
            scale = new ObjectScale(model.objectRadius(), 0);
        }
        int minArea = minAreaOption() > 0 ? minAreaOption() : scale.minArea();
        // Seams between touching objects: where the learned encoder predicts them, else where the stain shows them;
        // a trained head without either has only its map.
        String map = LearnedSeams.mapFor(scale.radius());
        FloatPlane seams = learnedSeams(image, grid, map);
        float minimumCentre = seams == null ? 0f : LearnedSeams.minimumCentre(map);
        if (seams == null) {
            seams = prior != null ? SeamWeight.of(seamStain(image, prior.candidate().stain()), prior.candidate().polarity(), mask)
                    : probability;
        }
        LabelImage labels = scale.toInstances(labelling, mask, seams, minArea, options.splitTouching(), encoder.similarity().fillHoles(),
                minimumCentre, points);
        LabelImage beforeCorrection = labels;
        labels = Instances.correctedByBackgroundClicks(labels, mask, points);
        if (labels != beforeCorrection && labels.maxLabel() < beforeCorrection.maxLabel()) {
            noting.note((beforeCorrection.maxLabel() - labels.maxLabel()) + " object(s) under background clicks left out");
        }
        t = lap(millis, "instance labelling", t);
        if (options.mode().equals(SegmentOptions.MODE_REFINE)) {
            noting.report("SAM decoder", 0.85);
            DecoderRefinement.Outcome refined = new DecoderRefinement(promptable.decoder())
                    .refine(embedding, labels, minArea, decoderProgress(noting, 0.85), cancel);
            noting.note(refined.summary(SegmentOptions.MODE_REFINE));
            labels = refined.labels();
            probability = refined.probability();
            lap(millis, "SAM decoder", t);
        }
        List<InstanceInfo> instances = Instances.describe(labels, probability);
        noting.report("done", 1.0);
        return new SegmentResult(labels, probability, instances, List.copyOf(notes), millis);
    }

    /**
     * The method's step 3: a head on the frozen features is trained on this image with the initial map as
     * pseudo-label (corrected where a foreground click sits in a hole, see {@link PseudoLabel#clickedHolesFilled}),
     * and the iteration that agrees best with it is kept. The head sees every feature at once, so it can follow
     * what the stain prior and similarity missed where the two disagree.
     */
    private FloatPlane tune(FeatureGrid grid, FloatPlane initial, List<Point> points, Progress progress, CancelToken cancel,
                            Map<String, Double> millis) {
        TuneOptions.Builder tuning = TuneOptions.builder().head(HeadKind.parse(options.head()))
                .iterations(options.tuneIterations()).seed(options.seed());
        if (options.learningRate() > 0) {
            tuning.learningRate(options.learningRate());
        }
        FloatPlane onGrid = Resample.toGrid(initial, grid.stride(), grid.gridWidth(), grid.gridHeight());
        long start = System.nanoTime();
        TuneResult result = new HeadTrainer(tuning.build()).tune(grid, onGrid, points,
                (stage, fraction) -> progress.report(stage, 0.6 + 0.2 * Math.max(0, fraction)), cancel);
        // what bench reports beside SAM's per-iteration time (pseudo-label and final prediction included)
        millis.put("tune: per head iteration", (System.nanoTime() - start) / 1e6 / Math.max(1, result.log().size()));
        progress.note(String.format(java.util.Locale.ROOT, "tuned %s head: kept iteration %d of %d (IoU %.3f with the pseudo-label)",
                options.head(), result.bestIteration(), result.log().size(), result.bestIou()));
        return Resample.upsample(result.probability(), grid.stride(), initial.width(), initial.height());
    }

    /**
     * Step 3 with SAM: the package's mask decoder is fine-tuned on this image against the initial map (real
     * gradients, through DJL), and its mask replaces the map.
     */
    private FloatPlane tuneDecoder(org.sparsesam.core.encode.sam.SamEncoder sam, SamEmbedding embedding, FloatPlane initial,
                                   List<Point> points, Progress progress, CancelToken cancel, Map<String, Double> millis) {
        SamTuneOptions samOptions = SamTuneOptions.of(options.tuneIterations(),
                options.learningRate() > 0 ? options.learningRate() : SamTuneOptions.DEFAULT_LEARNING_RATE);
        Progress tuning = new Progress() {
            @Override
            public void report(String stage, double fraction) {
                progress.report(stage, 0.6 + 0.2 * Math.max(0, fraction));
            }

            @Override
            public void note(String message) {
                progress.note(message);
            }
        };
        SamTuning.Outcome tuned = SamTuning.tune(sam, embedding, initial, points, samOptions, tuning, cancel);
        millis.put("tune: per SAM iteration", tuned.stepMillis());
        return tuned.probability();
    }

    /**
     * The whole-frame embedding that decoder tuning trains on: the prompts' own when the image fits one frame,
     * else encoded once more and cached beside the tiles.
     */
    private SamEmbedding wholeFrame(PromptableEncoder promptable, TiledEmbedding embedding, RasterImage image, Progress progress,
                                    CancelToken cancel) {
        if (embedding.isWhole()) {
            return embedding.whole();
        }
        String key = encoder.id() + " whole frame";
        TiledEmbedding whole = embeddings.get(key, image);
        if (whole == null) {
            whole = fromDisk(DISK_FRAME, image, TiledEmbedding.CODEC, progress);
            if (whole == null) {
                whole = TiledEmbedding.whole(promptable.embed(image, progress, cancel));
                toDisk(DISK_FRAME, image, whole, TiledEmbedding.CODEC, progress);
            }
            embeddings.put(key, image, whole);
        }
        return whole.whole();
    }

    private StainScales stainScales(RasterImage image) {
        Object key = imageKey(image);
        if (stains == null || !key.equals(stainsImageKey)) {
            stains = StainScales.of(image);
            stainsImageKey = key;
        }
        return stains;
    }

    private FloatPlane seamStain(RasterImage image, String stain) {
        Object key = java.util.List.of(imageKey(image), stain);
        if (seamStain == null || !key.equals(seamStainKey)) {
            seamStain = SeamWeight.stain(image, stain);
            seamStainKey = key;
        }
        return seamStain;
    }

    /** The learned encoder's instance map at image resolution, kept between clicks as the seam stain is; null without one. */
    private FloatPlane learnedSeams(RasterImage image, FeatureGrid grid, String map) {
        Object key = java.util.List.of(imageKey(image), encoder.id(), map);
        if (!key.equals(learnedSeamsKey)) {
            learnedSeams = LearnedSeams.weight(grid, map, image.width(), image.height());
            learnedSeamsKey = key;
        }
        return learnedSeams;
    }

    private static Object imageKey(RasterImage image) {
        return java.util.List.of(image.contentHash(), image.width(), image.height());
    }

    /** Clicks mode: the decoder's mask for each foreground click; no similarity map, tuning or splitting. */
    private SegmentResult clicks(PromptableEncoder promptable, TiledEmbedding embedding, RasterImage image, List<Point> points,
                                 Progress progress, CancelToken cancel, List<String> notes, Map<String, Double> millis, long t) {
        progress.report("SAM decoder", 0.6);
        int minArea = minAreaOption() > 0 ? minAreaOption() : CLICK_MIN_AREA;
        DecoderRefinement.Outcome outcome = new DecoderRefinement(promptable.decoder())
                .clicks(embedding, points, minArea, decoderProgress(progress, 0.6), cancel);
        progress.note(outcome.summary(SegmentOptions.MODE_CLICKS));
        lap(millis, "SAM decoder", t);
        progress.report("done", 1.0);
        return new SegmentResult(outcome.labels(), outcome.probability(), Instances.describe(outcome.labels(), outcome.probability()),
                List.copyOf(notes), millis);
    }

    /** Smallest object of clicks mode when min_area is automatic: no mask measures the clicked objects there. */
    private static final int CLICK_MIN_AREA = 4;

    private PromptableEncoder promptable() {
        if (encoder instanceof PromptableEncoder p) {
            return p;
        }
        throw noDecoder();
    }

    private SparseSamException noDecoder() {
        return new SparseSamException("Mode " + options.mode() + " runs SAM's mask decoder, and the encoder '" + options.encoder()
                + "' has none: install a SAM model package (./sparse-sam model install FILE) and choose it as the encoder, "
                + "or use mode similarity.");
    }

    private static Progress decoderProgress(Progress progress, double from) {
        return (stage, fraction) -> progress.report(stage, from + (0.99 - from) * Math.max(0, fraction));
    }

    /** Tiles of this side (overlap included) when the image is larger and nothing else is asked. */
    public static final int DEFAULT_TILE_SIZE = 2048;
    /** The smallest tile automatic tiling falls back to when the heap cannot hold larger ones. */
    static final int SMALLEST_AUTOMATIC_TILE = 512;

    /**
     * The tile side for an image of this size, or 0 to segment it whole: tiling applies with the built-in encoder in
     * similarity mode without tuning (the steps that work tile by tile), when the image exceeds one tile. An automatic
     * tile size is the default one, halved while the heap cannot hold it.
     */
    private int tileSize(int width, int height, boolean rgb, MemoryEstimate.Whole whole) {
        boolean tuning = (options.tune().equals("head") || options.tune().equals("sam")) && options.tuneIterations() > 0;
        if (!(encoder instanceof BuiltinEncoder builtin) || options.usesDecoder() || tuning) {
            return 0;
        }
        int requested = options.tileSize() > 0 ? options.tileSize() : DEFAULT_TILE_SIZE;
        if (width <= requested && height <= requested) {
            return 0;
        }
        if (options.tileSize() > 0) {
            return requested;
        }
        int channels = BuiltinEncoder.channelNames(rgb).size();
        for (int size = requested; size >= SMALLEST_AUTOMATIC_TILE; size /= 2) {
            if (MemoryEstimate.tiled(width, height, rgb, channels, builtin.stride(), size, whole).fitsInThisJvm()) {
                return size;
            }
        }
        return requested; // too large even so: the memory check refuses with a message
    }

    /** The whole image in tiles, assembled into one result as an untiled run returns it. */
    private SegmentResult tiled(RasterImage image, List<Point> points, int tileSize, Progress progress, CancelToken cancel) {
        // the image is in memory: the heap in use counts its planes
        checkTiledMemory(image.width(), image.height(), image.isRgb(), tileSize, MemoryEstimate.Whole.ASSEMBLED);
        long t = System.nanoTime();
        AssembledTiles assembled = new AssembledTiles(image.width(), image.height());
        // minAreaOption: at a scale below 1 this image is the shrunk one, and so is the minimum area.
        TiledSegmentation.Summary summary = new TiledSegmentation((BuiltinEncoder) encoder, tileSize, minAreaOption(), options.splitTouching())
                .run(ImageSource.of(image), points, assembled, progress, cancel);
        Map<String, Double> millis = new LinkedHashMap<>();
        t = lap(millis, "tiled segmentation", t);
        LabelImage labels = assembled.labels();
        List<InstanceInfo> instances = Instances.describe(labels, assembled.probability());
        lap(millis, "instance labelling", t);
        List<String> notes = List.of(tiledNote(summary), stainNote(summary.prior()));
        notes.forEach(progress::note);
        return new SegmentResult(labels, assembled.probability(), instances, notes, millis);
    }

    /**
     * Segments an image read tile by tile from {@code source} into {@code sink}, without holding the whole image or its
     * labels (unless the sink does): memory depends on the tile size only. For the built-in encoder in similarity mode
     * without tuning; the tile size is the options' (automatic: the default, halved while the heap cannot hold it).
     */
    public TiledSegmentation.Summary segmentTiles(ImageSource source, List<Point> points, TileSink sink, Progress progress, CancelToken cancel) {
        PointChecks.validate(points, source.width(), source.height());
        int tileSize = tileSize(source.width(), source.height(), source.isRgb(), MemoryEstimate.Whole.STREAMED);
        if (tileSize == 0) {
            if (!(encoder instanceof BuiltinEncoder) || options.usesDecoder() || options.tuneIterations() > 0 && !options.tune().equals("none")) {
                throw new SparseSamException("Segmenting tile by tile works with the handmade encoder in similarity mode without tuning:"
                        + " use --encoder handmade --mode similarity --tune none.");
            }
            tileSize = Math.max(source.width(), source.height()); // one tile holds it all
        }
        checkTiledMemory(source.width(), source.height(), source.isRgb(), tileSize, MemoryEstimate.Whole.STREAMED);
        TiledSegmentation.Summary summary = new TiledSegmentation((BuiltinEncoder) encoder, tileSize, options.minArea(), options.splitTouching())
                .run(source, points, sink, progress, cancel);
        progress.note(tiledNote(summary));
        return summary;
    }

    private static String tiledNote(TiledSegmentation.Summary s) {
        return String.format(java.util.Locale.ROOT, "segmented in %d tiles (cores of %d px, overlap %d px; objects of radius %.1f px);"
                        + " whole-image statistics from %d tiles", s.layout().tiles().size(), s.layout().coreSize(), s.layout().margin(),
                s.scale().radius(), s.statisticsTiles());
    }

    private static String stainNote(StainPrior prior) {
        return String.format(java.util.Locale.ROOT, "stain prior %s: orders %.0f%% of click pairs, %.0f%% of clicks on its side",
                prior.name(), 100 * prior.ranking(), 100 * prior.agreement());
    }

    private void checkTiledMemory(int width, int height, boolean rgb, int tileSize, MemoryEstimate.Whole whole) {
        if (!"off".equals(System.getProperty(MEMORY_CHECK_PROPERTY))) {
            MemoryEstimate.tiled(width, height, rgb, BuiltinEncoder.channelNames(rgb).size(), ((BuiltinEncoder) encoder).stride(),
                    tileSize, whole).requireFitsInThisJvm();
        }
    }

    /**
     * Refuses, before any work, an image of this size that the heap cannot segment with these options: callers that read
     * files call it with the header's size before decoding, so that a large file fails in a second, not after it was
     * read and encoded. At a scale below 1 the check runs on the shrunk image, in {@link #segment}.
     */
    public void requireMemoryFor(int width, int height, boolean rgb) {
        if (options.scale() != 1) {
            return;
        }
        // the image's planes are yet to be made: the estimate counts them, and the run's check, once they are made, does not
        int tileSize = tileSize(width, height, rgb, MemoryEstimate.Whole.IMAGE_AND_ASSEMBLED);
        if (tileSize > 0) {
            checkTiledMemory(width, height, rgb, tileSize, MemoryEstimate.Whole.IMAGE_AND_ASSEMBLED);
        } else {
            checkMemory(width, height, rgb);
        }
    }

    /** Refuses an image the heap cannot hold before any work, instead of running out of memory half-way. */
    private void checkMemory(RasterImage image) {
        checkMemory(image.width(), image.height(), image.isRgb());
    }

    private void checkMemory(int width, int height, boolean rgb) {
        if ("off".equals(System.getProperty(MEMORY_CHECK_PROPERTY))) {
            return;
        }
        boolean tuning = options.tune().equals("head") && options.tuneIterations() > 0;
        if (!(encoder instanceof BuiltinEncoder builtin)) {
            encoder.profile(rgb).ifPresent(profile -> MemoryEstimate.of(width, height, rgb, profile, tuning).requireFitsInThisJvm());
            return;
        }
        try {
            MemoryEstimate.builtin(width, height, rgb, BuiltinEncoder.channelNames(rgb).size(), builtin.stride(), tuning)
                    .requireFitsInThisJvm();
        } catch (SparseSamException e) {
            if (!options.usesDecoder() && !options.tune().equals("none") && options.tuneIterations() > 0) {
                // tuning is what keeps this image whole: say that the untuned pipeline would tile it
                throw new SparseSamException(e.getMessage() + " Without tuning (--tune none / tune=none) the handmade encoder"
                        + " segments a large image in tiles, in memory that does not grow with the image.", e);
            }
            throw e;
        }
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
