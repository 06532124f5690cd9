package org.sparsesam.cli;

import org.sparsesam.core.SegmentOptions;
import picocli.CommandLine.Option;

/** The method's options as CLI flags; names match the Fiji command's macro keys (with dashes). */
public final class SegmentOptionsMixin {
    private static final SegmentOptions DEFAULTS = SegmentOptions.defaults();

    @Option(names = "--encoder", paramLabel = "NAME", description = "Encoder: builtin (default).")
    String encoder = DEFAULTS.encoder();

    @Option(names = "--min-area", paramLabel = "PIXELS", description = "Smallest object kept; 0 = derived from the clicked objects (default).")
    int minArea = DEFAULTS.minArea();

    @Option(names = "--no-split", description = "Keep touching objects together instead of splitting them.")
    boolean noSplit = !DEFAULTS.splitTouching();

    @Option(names = "--tune", paramLabel = "MODE", description = "Test-time tuning: none (default).")
    String tune = DEFAULTS.tune();

    @Option(names = "--seed", paramLabel = "N", description = "Seed of every random choice (default 1).")
    long seed = DEFAULTS.seed();

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    public SegmentOptions toOptions() {
        return DEFAULTS.toBuilder().encoder(encoder).minArea(minArea).splitTouching(!noSplit).tune(tune).seed(seed).build();
    }
}
