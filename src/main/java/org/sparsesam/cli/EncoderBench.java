package org.sparsesam.cli;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.encode.BareRun;
import org.sparsesam.core.encode.Encoder;
import org.sparsesam.core.encode.histology.HistologyEncoder;
import org.sparsesam.core.encode.sam.SamEncoder;
import org.sparsesam.core.encode.sam.SamInput;
import org.sparsesam.core.encode.sam.SamPreprocessor.ByteMapping;
import org.sparsesam.core.encode.sam.SamTiling;
import org.sparsesam.core.image.RasterImage;

/**
 * {@code bench}: our whole encode against the bare {@code session.run} it is built on, in the same run and on the
 * same tensor, so the ratio shows what our code adds (preparation, tensor, copying the output, the feature grid)
 * independently of the machine: for a SAM package ({@code --encoder PACKAGE}) and for the learned encoder, which
 * can also be timed against another encoder ({@code --compare-encoder}) on the same image.
 */
final class EncoderBench {
    private EncoderBench() {}

    /** One thing timed in a round: does its work once and gives its milliseconds. */
    interface Timed {
        double millis();
    }

    static Timed timing(Runnable work) {
        return () -> {
            long t = System.nanoTime();
            work.run();
            return BenchStats.millisSince(t);
        };
    }

    /**
     * One warm-up round, then {@code repeats} measured ones; within a round everything is timed back to back, in
     * rotating order, so that a machine busy with other work slows all alike. {@code ratios} adds the round's
     * derived figures (ratios of its times), whose medians are then the medians of back-to-back ratios.
     */
    static BenchStats rounds(int repeats, Map<String, Timed> timed, BiConsumer<Map<String, Double>, BenchStats> ratios) {
        List<Map.Entry<String, Timed>> all = List.copyOf(timed.entrySet());
        BenchStats stats = new BenchStats();
        for (int r = -1; r < repeats; r++) {
            Map<String, Double> round = new LinkedHashMap<>();
            for (int k = 0; k < all.size(); k++) {
                Map.Entry<String, Timed> next = all.get(Math.floorMod(k + r + 1, all.size()));
                round.put(next.getKey(), next.getValue().millis());
            }
            if (r >= 0) {
                round.forEach(stats::add);
                ratios.accept(round, stats);
            }
        }
        return stats;
    }

    static void run(SamEncoder encoder, RasterImage image, int repeats, PrintWriter out) {
        SamTiling tiling = encoder.tilingFor(image.width(), image.height());
        int runs = tiling == null ? 1 : tiling.tileCount(image.width(), image.height());
        SamInput input = prepare(encoder, image, tiling);
        // Preparation is timed into a direct buffer, as the pipeline prepares into its tensor's buffer.
        FloatBuffer scratch = ByteBuffer.allocateDirect(4 * encoder.preprocessor().tensorLength())
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        BenchStats stats;
        try (SamEncoder.RawRun raw = encoder.rawRun(input, runs)) {
            Map<String, Timed> timed = new LinkedHashMap<>();
            if (tiling == null) {
                timed.put("prepare", timing(() -> encoder.preprocessor().prepareInto(image, Progress.NONE, scratch)));
            } else {
                // The value mapping is computed once per image; one tile's preparation stands for each tile's
                // (the pipeline prepares the next tile while the session runs, so it hides part of this).
                timed.put("prepare", () -> {
                    long t = System.nanoTime();
                    ByteMapping bytes = ByteMapping.of(image, Progress.NONE);
                    double mappingMs = BenchStats.millisSince(t);
                    t = System.nanoTime();
                    encoder.preprocessor().prepareTileInto(image, bytes, 0, 0, tiling.tileSize(), tiling.tileSize(), scratch);
                    return mappingMs + BenchStats.millisSince(t) * runs;
                });
            }
            timed.put("pipeline", timing(() -> encoder.encode(image, Progress.NONE, CancelToken.none())));
            timed.put("raw", timing(raw::run));
            timed.put("raw pinned", timing(raw::runPinned));
            stats = rounds(repeats, timed, (ms, target) -> {
                target.add("ratio", ms.get("pipeline") / ms.get("raw"));
                target.add("ratio pinned", ms.get("pipeline") / ms.get("raw pinned"));
                target.add("ratio without preparation", (ms.get("pipeline") - ms.get("prepare")) / ms.get("raw"));
            });
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

    /**
     * The learned encoder: its encode against the bare session run on its padded input tensor, and, when
     * {@code compare} is given (a SAM ViT-B-shaped package: the learned encoder should take at most half its time), against that encoder's encode of the
     * same image, timed in the same rounds.
     */
    static void runLearned(HistologyEncoder encoder, Encoder compare, RasterImage image, int repeats, PrintWriter out) {
        BenchStats stats;
        int tiles;
        String size;
        try (BareRun raw = encoder.rawRun(image)) {
            tiles = raw.runs();
            size = raw.size();
            Map<String, Timed> timed = new LinkedHashMap<>();
            timed.put("pipeline", timing(() -> encoder.encode(image, Progress.NONE, CancelToken.none())));
            timed.put("raw", timing(raw::run));
            if (compare != null) {
                timed.put("compare", timing(() -> compare.encode(image, Progress.NONE, CancelToken.none())));
            }
            stats = rounds(repeats, timed, (ms, target) -> {
                target.add("ratio", ms.get("pipeline") / ms.get("raw"));
                if (compare != null) {
                    target.add("learned/compare", ms.get("pipeline") / ms.get("compare"));
                }
            });
        }
        out.printf(Locale.ROOT, "%nlearned encoder %s on %s, %s%n", encoder.id(), encoder.provider(), tiles == 1
                ? "whole image in one frame of " + size + " px (padded)"
                : tiles + " tiles of " + size + " px (raw: " + tiles + " runs on the first tile's tensor)");
        out.printf(Locale.ROOT, "encode pipeline %.1f ms (ours: input tensor, session.run, copy into the feature grid)%n", stats.median("pipeline"));
        out.printf(Locale.ROOT, "encode raw      %.1f ms (bare session.run on the same padded tensor, same session)%n", stats.median("raw"));
        out.printf(Locale.ROOT, "pipeline/raw %.3f (median of %d back-to-back ratios)%n", stats.median("ratio"), repeats);
        if (compare != null) {
            out.printf(Locale.ROOT, "compare encoder %s: encode %.1f ms (its whole encode of the same image)%n", compare.id(), stats.median("compare"));
            out.printf(Locale.ROOT, "learned encode / compare encode %.3f (median of %d back-to-back ratios; the target is at most 0.5"
                    + " against a SAM ViT-B-shaped package)%n", stats.median("learned/compare"), repeats);
        }
    }

    /** What the encoder feeds the session: the whole image in one frame, or the first tile. */
    private static SamInput prepare(SamEncoder encoder, RasterImage image, SamTiling tiling) {
        if (tiling == null) {
            return encoder.preprocessor().prepare(image, Progress.NONE);
        }
        return encoder.preprocessor().prepareTile(image, ByteMapping.of(image, Progress.NONE), 0, 0, tiling.tileSize(), tiling.tileSize());
    }
}
