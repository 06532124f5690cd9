package org.sparsesam.cli;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
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
        SamInput input = prepare(encoder, image, tiling);
        BenchStats stats = new BenchStats();
        // Preparation is timed into a direct buffer, as the pipeline prepares into its tensor's buffer.
        FloatBuffer scratch = ByteBuffer.allocateDirect(4 * encoder.preprocessor().tensorLength())
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        try (SamEncoder.RawRun raw = encoder.rawRun(input)) {
            for (int r = -1; r < repeats; r++) {
                BenchStats target = r < 0 ? new BenchStats() : stats; // the first round warms up
                long t = System.nanoTime();
                double prepareMs;
                if (tiling == null) {
                    encoder.preprocessor().prepareInto(image, Progress.NONE, scratch);
                    prepareMs = BenchStats.millisSince(t);
                } else {
                    // The value mapping is computed once per image; one tile's preparation stands for each tile's
                    // (the pipeline prepares the next tile while the session runs, so it hides part of this).
                    ByteMapping bytes = ByteMapping.of(image, Progress.NONE);
                    double mappingMs = BenchStats.millisSince(t);
                    t = System.nanoTime();
                    encoder.preprocessor().prepareTileInto(image, bytes, 0, 0, tiling.tileSize(), tiling.tileSize(), scratch);
                    prepareMs = mappingMs + BenchStats.millisSince(t) * runs;
                }
                // Back to back, in rotating order, so that a machine busy with other work slows all three alike.
                double pipelineMs = 0, rawMs = 0, pinnedMs = 0;
                for (int k = 0; k < 3; k++) {
                    int which = (k + r + 1) % 3;
                    t = System.nanoTime();
                    if (which == 0) {
                        encoder.encode(image, Progress.NONE, CancelToken.none());
                        pipelineMs = BenchStats.millisSince(t);
                    } else if (which == 1) {
                        for (int n = 0; n < runs; n++) {
                            raw.run();
                        }
                        rawMs = BenchStats.millisSince(t);
                    } else {
                        for (int n = 0; n < runs; n++) {
                            raw.runPinned();
                        }
                        pinnedMs = BenchStats.millisSince(t);
                    }
                }
                target.add("prepare", prepareMs);
                target.add("pipeline", pipelineMs);
                target.add("raw", rawMs);
                target.add("raw pinned", pinnedMs);
                target.add("ratio", pipelineMs / rawMs);
                target.add("ratio pinned", pipelineMs / pinnedMs);
                target.add("ratio without preparation", (pipelineMs - prepareMs) / rawMs);
            }
        }
        out.printf(Locale.ROOT, "%nSAM encoder %s on %s, input %d px, %s%n", encoder.id(), encoder.executionProvider(),
                encoder.manifest().inputSize(), tiling == null ? "whole image in one frame"
                        : runs + " tiles of " + tiling.tileSize() + " px (raw: " + runs + " runs on the first tile's tensor)");
        out.printf(Locale.ROOT, "encode pipeline %.1f ms (ours: prepare into the tensor, session.run, copy into the feature grid)%n", stats.median("pipeline"));
        out.printf(Locale.ROOT, "encode raw      %.1f ms (bare session.run on the same tensor)%n", stats.median("raw"));
        out.printf(Locale.ROOT, "encode raw pinned %.1f ms (the same runs into a preallocated output tensor, as the pipeline runs)%n",
                stats.median("raw pinned"));
        out.printf(Locale.ROOT, "pipeline/raw %.3f (median of %d back-to-back ratios)%n", stats.median("ratio"), repeats);
        out.printf(Locale.ROOT, "pipeline/raw pinned %.3f (the stricter floor: what preparing, copying and stitching add)%n",
                stats.median("ratio pinned"));
        out.printf(Locale.ROOT, "of which preparing the image %.1f ms (SAM's resize and normalisation); without it pipeline/raw %.3f%n",
                stats.median("prepare"), stats.median("ratio without preparation"));
    }

    /** What the encoder feeds the session: the whole image in one frame, or the first tile. */
    private static SamInput prepare(SamEncoder encoder, RasterImage image, SamTiling tiling) {
        if (tiling == null) {
            return encoder.preprocessor().prepare(image, Progress.NONE);
        }
        return encoder.preprocessor().prepareTile(image, ByteMapping.of(image, Progress.NONE), 0, 0, tiling.tileSize(), tiling.tileSize());
    }
}
