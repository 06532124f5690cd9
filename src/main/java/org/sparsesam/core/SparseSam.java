package org.sparsesam.core;

import java.util.List;
import org.sparsesam.core.encode.Encoder;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.prompt.Point;

/**
 * The one headless front end: the Fiji commands, macros, the CLI and the tests all segment through it.
 * Built once from immutable options; holds the encoder (and its embedding cache) so that re-segmenting
 * the same image after another click does not encode again. Not thread-safe: one per worker.
 */
public final class SparseSam implements AutoCloseable {
    private final SegmentOptions options;
    private final Encoder encoder;

    public SparseSam(SegmentOptions options, Encoder encoder) {
        this.options = options;
        this.encoder = encoder;
    }

    public SegmentOptions options() {
        return options;
    }

    /** Segments every structure like the foreground clicks. Throws {@link SparseSamException} on bad input. */
    public SegmentResult segment(RasterImage image, List<Point> points, Progress progress, CancelToken cancel) {
        throw new UnsupportedOperationException("pipeline being written");
    }

    @Override
    public void close() {
        encoder.close();
    }
}
