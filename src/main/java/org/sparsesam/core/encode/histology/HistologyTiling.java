package org.sparsesam.core.encode.histology;

import java.util.ArrayList;
import java.util.List;

/**
 * How the histology encoder cuts an image (padded to the network's size multiple) into tiles along one side.
 * Tiles are {@code tileSize} long and each keeps only its core, {@code margin} pixels in from any cut, so that
 * every kept cell saw at least the margin of real image around it; tiles at the image's edges are pushed inside
 * the image instead of being padded, so they see what the whole image's encoding sees there.
 *
 * @param tileSize side of a tile: a multiple of the network's size multiple
 * @param margin   pixels of each tile around its core: a multiple of the stride, less than half the tile
 */
record HistologyTiling(int tileSize, int margin) {

    /** One tile along a side: it covers [start, start + length) and keeps [keepFrom, keepTo), padded pixels. */
    record Span(int start, int length, int keepFrom, int keepTo) {}

    HistologyTiling {
        if (margin < 0 || tileSize <= 2 * margin) {
            throw new IllegalArgumentException("tile " + tileSize + " with margin " + margin + " leaves no core");
        }
    }

    HistologyTiling checkedFor(int sizeMultiple, int stride) {
        if (tileSize % sizeMultiple != 0 || margin % stride != 0) {
            throw new IllegalArgumentException("tile " + tileSize + " must be a multiple of " + sizeMultiple
                    + " and margin " + margin + " of the stride " + stride);
        }
        return this;
    }

    int core() {
        return tileSize - 2 * margin;
    }

    /**
     * The tiles along a side of {@code padded} pixels (a multiple of the size multiple): one covering it all when
     * it fits, else tile i keeps [i * core, (i + 1) * core) (the last to the end) and starts a margin before that,
     * moved inside the side where that would leave it. Every start and kept bound is a multiple of the stride,
     * so the tiles' grids line up with the whole image's.
     */
    List<Span> spans(int padded) {
        if (padded <= tileSize) {
            return List.of(new Span(0, padded, 0, padded));
        }
        // The last tile, at padded - tileSize at the latest, keeps from (n - 1) * core, a margin in from its start.
        int count = ceilDiv(padded - margin, core());
        List<Span> spans = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int start = Math.max(0, Math.min(i * core() - margin, padded - tileSize));
            spans.add(new Span(start, tileSize, i * core(), i == count - 1 ? padded : (i + 1) * core()));
        }
        return spans;
    }

    /** a / b rounded up, for positive b (Math.ceilDiv is Java 18). */
    static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
