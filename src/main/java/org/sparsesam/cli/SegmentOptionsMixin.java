package org.sparsesam.cli;

import org.sparsesam.core.SegmentOptions;
import picocli.CommandLine.Option;

/** The method's options as CLI flags; names match the Fiji command's macro keys (with dashes). */
public final class SegmentOptionsMixin {
    private static final SegmentOptions DEFAULTS = SegmentOptions.defaults();

    @Option(names = "--encoder", paramLabel = "NAME", description = "Encoder: builtin (default: the learned histology encoder shipped in the plugin), handmade (the hand-made H&E features), an installed model's name (see 'model list') or the path of a model package folder or zip.")
    String encoder = DEFAULTS.encoder();

    @Option(names = "--min-area", paramLabel = "PIXELS", description = "Smallest object kept; 0 = derived from the clicked objects (default).")
    int minArea = DEFAULTS.minArea();

    @Option(names = "--no-split", description = "Keep touching objects together instead of splitting them.")
    boolean noSplit = !DEFAULTS.splitTouching();

    @Option(names = "--tune", paramLabel = "MODE", description = "Test-time tuning: none (default), head, or sam (fine-tunes the mask decoder of a SAM package given as --encoder).")
    String tune = DEFAULTS.tune();

    @Option(names = "--head", paramLabel = "KIND", description = "Head tuned with --tune head: linear (default) or conv.")
    String head = DEFAULTS.head();

    @Option(names = "--iterations", paramLabel = "N", description = "Most iterations of test-time tuning; it stops earlier once its agreement with the pseudo-label stops improving (default 100).")
    int iterations = DEFAULTS.tuneIterations();

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate of test-time tuning; 0 = the default (the head's own; 1e-4 for sam).")
    double learningRate = DEFAULTS.learningRate();

    @Option(names = "--seed", paramLabel = "N", description = "Seed of every random choice (default 1).")
    long seed = DEFAULTS.seed();

    @Option(names = "--device", paramLabel = "WHERE", description = "Where a SAM-family encoder runs: auto (default: GPU when CUDA works, else CPU), cpu or gpu.")
    String device = DEFAULTS.device();

    @Option(names = "--mode", paramLabel = "MODE", description = "similarity (default): self-similarity map to instances; "
            + "refine: each instance re-drawn by SAM's decoder from prompts derived from it; clicks: SAM's decoder mask for "
            + "each foreground click. refine and clicks need a SAM model package as --encoder.")
    String mode = DEFAULTS.mode();

    @Option(names = "--scale", paramLabel = "FRACTION", description = "Segment at this fraction of the image's magnification "
            + "(0.5: a 40x slide encoded at 20x); outputs come back at full resolution (default 1).")
    double scale = DEFAULTS.scale();

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Keep embeddings in this folder between runs "
            + "(at most 4 GB; the least recently used go first), so an image is encoded once across sessions.")
    String cacheDir = DEFAULTS.cacheDir();

    @Option(names = "--tile-size", paramLabel = "PIXELS", description = "Side of the tiles a large image is segmented in"
            + " with the handmade encoder, overlap included; memory depends on it, not on the image. 0 = automatic (default: 2048,"
            + " smaller when the heap cannot hold it).")
    int tileSize = DEFAULTS.tileSize();

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    public SegmentOptions toOptions() {
        return DEFAULTS.toBuilder().encoder(encoder).minArea(minArea).splitTouching(!noSplit).tune(tune).head(head)
                .tuneIterations(iterations).learningRate(learningRate).seed(seed).device(device).mode(mode).scale(scale).cacheDir(cacheDir).tileSize(tileSize).build();
    }
}
