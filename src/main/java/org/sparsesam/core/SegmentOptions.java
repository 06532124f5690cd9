package org.sparsesam.core;

import java.util.Locale;
import org.sparsesam.core.tune.TuneOptions;

/**
 * Everything that shapes one segmentation, immutable. The same keys are the CLI's options and the
 * Fiji command's macro keys, so a recorded macro and a command line mean the same thing.
 *
 * @param encoder        "builtin", an installed model package's name, or a package path
 * @param minArea        smallest object kept, in pixels; 0 derives it from the clicked objects
 * @param splitTouching  split touching objects into separate instances (distance-transform watershed)
 * @param tune           test-time tuning: "none", "head" (a light head on the features) or "sam" (fine-tunes the
 *                       SAM package's mask decoder; needs a SAM encoder)
 * @param head           the head tuned at test time: "linear" (1x1) or "conv" (small convolutional net)
 * @param tuneIterations iterations of test-time tuning
 * @param learningRate   Adam's step size for tuning; 0 picks the head's own default (for sam: 1e-4)
 * @param seed           seed of every random choice, so that runs repeat exactly
 * @param device         where a SAM-family encoder runs: "auto" (GPU when CUDA works, else CPU), "cpu" or "gpu"
 * @param mode           "similarity" (self-similarity map to instances), "refine" (each instance then
 *                       re-drawn by SAM's decoder from prompts derived from it) or "clicks" (SAM's decoder
 *                       mask for each foreground click); the last two need a SAM model package
 * @param scale          magnification the image is segmented at, as a fraction of its own (0.5: a 40x slide
 *                       encoded at 20x); outputs come back at the image's full resolution. 1 = as it is
 * @param cacheDir       folder where embeddings are kept between sessions (bounded, least recently used
 *                       files go first); empty = memory only
 * @param tileSize       side in pixels of the tiles a large image is segmented in with the built-in encoder (overlap
 *                       included), so that memory depends on the tile and not on the image; 0 = automatic (tiles of
 *                       2048 pixels, smaller when the heap cannot hold them; images that fit in one tile are untiled)
 */
public record SegmentOptions(String encoder, int minArea, boolean splitTouching, String tune, String head, int tuneIterations,
                             double learningRate, long seed, String device, String mode, double scale, String cacheDir,
                             int tileSize) {

    public static final String DEFAULT_ENCODER = "builtin";
    public static final String MODE_SIMILARITY = "similarity", MODE_REFINE = "refine", MODE_CLICKS = "clicks";

    public SegmentOptions {
        if (encoder == null || encoder.isBlank()) {
            throw new SparseSamException("No encoder given: use 'builtin' or the name or path of a model package.");
        }
        if (minArea < 0) {
            throw new SparseSamException("min_area is " + minArea + ": use 0 (automatic) or a positive pixel count.");
        }
        tune = tune == null ? "none" : tune.toLowerCase(Locale.ROOT);
        if (!tune.equals("none") && !tune.equals("head") && !tune.equals("sam")) {
            throw new SparseSamException("tune is '" + tune + "': use none, head or sam.");
        }
        head = head == null ? "linear" : head.toLowerCase(Locale.ROOT);
        if (!head.equals("linear") && !head.equals("conv")) {
            throw new SparseSamException("head is '" + head + "': use linear or conv.");
        }
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new SparseSamException("learning_rate is " + learningRate + ": use 0 (the head's default) or a small positive number such as 0.01.");
        }
        if (tuneIterations < 0) {
            throw new SparseSamException("tune_iterations is " + tuneIterations + ": use 0 or more.");
        }
        device = device == null ? "auto" : org.sparsesam.core.encode.sam.Device.parse(device).name().toLowerCase(Locale.ROOT);
        if (tileSize < 0) {
            throw new SparseSamException("tile_size is " + tileSize + ": use 0 (automatic) or a side in pixels such as 1024.");
        }
        mode = mode == null ? MODE_SIMILARITY : mode.toLowerCase(Locale.ROOT);
        if (!mode.equals(MODE_SIMILARITY) && !mode.equals(MODE_REFINE) && !mode.equals(MODE_CLICKS)) {
            throw new SparseSamException("mode is '" + mode + "': use similarity, refine or clicks.");
        }
        cacheDir = cacheDir == null ? "" : cacheDir.strip();
        if (!(scale > 0 && scale <= 1)) {
            throw new SparseSamException("scale is " + scale + ": use a fraction in (0, 1], e.g. 0.5 to segment a 40x image at 20x"
                    + " (1 = the image as it is).");
        }
    }

    public static SegmentOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().encoder(encoder).minArea(minArea).splitTouching(splitTouching)
                .tune(tune).head(head).tuneIterations(tuneIterations).learningRate(learningRate).seed(seed).device(device)
                .mode(mode).scale(scale).cacheDir(cacheDir).tileSize(tileSize);
    }

    /** Whether this mode runs SAM's decoder, and so needs a SAM model package. */
    public boolean usesDecoder() {
        return !mode.equals(MODE_SIMILARITY);
    }

    /** Builder with the defaults in one place. */
    public static final class Builder {
        private String encoder = DEFAULT_ENCODER;
        private int minArea = 0;
        private boolean splitTouching = true;
        private String tune = "none";
        private String head = "linear";
        private int tuneIterations = TuneOptions.DEFAULT_ITERATIONS;
        private double learningRate = 0;
        private long seed = 1;
        private String device = "auto";
        private String mode = MODE_SIMILARITY;
        private double scale = 1;
        private String cacheDir = "";
        private int tileSize = 0;

        public Builder encoder(String v) { encoder = v; return this; }
        public Builder minArea(int v) { minArea = v; return this; }
        public Builder splitTouching(boolean v) { splitTouching = v; return this; }
        public Builder tune(String v) { tune = v; return this; }
        public Builder head(String v) { head = v; return this; }
        public Builder tuneIterations(int v) { tuneIterations = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder device(String v) { device = v; return this; }
        public Builder mode(String v) { mode = v; return this; }
        public Builder scale(double v) { scale = v; return this; }
        public Builder cacheDir(String v) { cacheDir = v; return this; }
        public Builder tileSize(int v) { tileSize = v; return this; }

        public SegmentOptions build() {
            return new SegmentOptions(encoder, minArea, splitTouching, tune, head, tuneIterations, learningRate, seed, device, mode, scale, cacheDir, tileSize);
        }
    }
}
