package org.sparsesam.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.encode.sam.SamEncoder;
import org.sparsesam.core.encode.sam.SamInput;
import org.sparsesam.core.encode.sam.SamPreprocessor.ByteMapping;
import org.sparsesam.core.encode.sam.SamTiling;
import org.sparsesam.core.image.RasterImage;

/**
 * {@code bench --encoder PACKAGE}: our whole SAM encode against the bare {@code session.run} it is built on,
 * in the same run and on the same tensor, so the ratio shows what our code adds (preparation, tensor,
 * copying the output, the feature grid) independently of the machine.
 */
final class EncoderBench {
    private EncoderBench() {}

    static void run(SamEncoder encoder, RasterImage image, int repeats, PrintWriter out) {
        SamTiling tiling = encoder.tilingFor(image.width(), image.height());
        int runs = tiling == null ? 1 : tiling.tileCount(image.width(), image.height());
        SamInput input = tiling == null
                ? encoder.preprocessor().prepare(image, Progress.NONE)
                : encoder.preprocessor().prepareTile(image, ByteMapping.of(image, Progress.NONE),
                        0, 0, tiling.tileSize(), tiling.tileSize());
        BenchStats stats = new BenchStats();
        try (SamEncoder.RawRun raw = encoder.rawRun(input)) {
            for (int r = -1; r < repeats; r++) {
                BenchStats target = r < 0 ? new BenchStats() : stats; // the first round warms up
                long t = System.nanoTime();
                if (tiling == null) {
                    encoder.preprocessor().prepare(image, Progress.NONE);
                    target.add("prepare", BenchStats.millisSince(t));
                } else {
                    ByteMapping bytes = ByteMapping.of(image, Progress.NONE);
                    double mapping = BenchStats.millisSince(t);
                    t = System.nanoTime();
                    encoder.preprocessor().prepareTile(image, bytes, 0, 0, tiling.tileSize(), tiling.tileSize());
                    target.add("prepare", mapping + BenchStats.millisSince(t) * runs);
                }
                t = System.nanoTime();
                encoder.encode(image, Progress.NONE, CancelToken.none());
                target.add("pipeline", BenchStats.millisSince(t));
                t = System.nanoTime();
                raw.run();
                target.add("raw", BenchStats.millisSince(t) * runs);
            }
        }
        double pipeline = stats.median("pipeline"), bare = stats.median("raw"), prepare = stats.median("prepare");
        out.printf(Locale.ROOT, "%nSAM encoder %s on %s, input %d px, %s%n", encoder.id(), encoder.executionProvider(),
                encoder.manifest().inputSize(), tiling == null ? "whole image in one frame"
                        : runs + " tiles of " + tiling.tileSize() + " px (raw: one tile's run x " + runs + ")");
        out.printf(Locale.ROOT, "encode pipeline %.1f ms (ours: prepare, tensor, session.run, copy, feature grid)%n", pipeline);
        out.printf(Locale.ROOT, "encode raw      %.1f ms (bare session.run on the same tensor)%n", bare);
        out.printf(Locale.ROOT, "pipeline/raw %.3f%n", pipeline / bare);
        out.printf(Locale.ROOT, "of which preparing the image %.1f ms (SAM's resize and normalisation); without it pipeline/raw %.3f%n",
                prepare, (pipeline - prepare) / bare);
    }
}
