package org.sparsesam.core.encode.sam;

import java.util.Locale;

/**
 * How a large image is cut for the encoder: square tiles of {@code tileSize} image pixels, encoded at the
 * image's own scale (so nuclei keep their size instead of shrinking with the whole image into one frame),
 * overlapping by {@code overlap} pixels. Every embedding cell of the stitched grid is taken from the tile in
 * which it lies farthest from a cut (the cut between two tiles runs through the middle of their overlap),
 * because a cell near a tile's edge sees padding where the image goes on.
 *
 * @param tileSize side of a tile in image pixels: at most the model's input size, a multiple of its cell size
 * @param overlap  pixels shared by neighbouring tiles: an even number of cells, less than the tile
 * @param cellSize image pixels per embedding cell (input size / embedding size)
 */
public record SamTiling(int tileSize, int overlap, int cellSize) {

    public SamTiling {
        if (cellSize < 1 || tileSize < cellSize || tileSize % cellSize != 0) {
            throw new IllegalArgumentException("tile size " + tileSize + " is not a positive multiple of the cell size " + cellSize);
        }
        if (overlap < 0 || overlap >= tileSize || overlap % (2 * cellSize) != 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "overlap %d must be an even number of %d px cells and less than the tile (%d px)", overlap, cellSize, tileSize));
        }
    }

    /**
     * Tiles filling the model's frame with a quarter of each tile overlapping its neighbour, rounded to whole
     * cells: wide enough that the cells kept from each tile are at least an eighth of a tile from its edge.
     */
    public static SamTiling forModel(int inputSize, int embeddingSize) {
        int cell = inputSize / embeddingSize;
        int overlap = (inputSize / 4) / (2 * cell) * (2 * cell);
        if (overlap == 0 && 2 * cell < inputSize) {
            overlap = 2 * cell;
        }
        return new SamTiling(inputSize, overlap, cell);
    }

    public int step() {
        return tileSize - overlap;
    }

    /** Tile origins along a side of {@code length} pixels: every step, until the tiles cover the side. */
    public int[] origins(int length) {
        int count = length <= tileSize ? 1 : 1 + (length - tileSize + step() - 1) / step();
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = i * step();
        }
        return out;
    }

    /**
     * First grid cell (in cells from the image's origin) that tile {@code i} of {@code count} owns; tile
     * {@code i} owns cells up to {@code firstOwnedCell(i + 1) - 1}, the last tile to the end of the side.
     */
    public int firstOwnedCell(int i) {
        return i == 0 ? 0 : (i * step() + overlap / 2) / cellSize;
    }

    /** Number of tiles a {@code width x height} image is cut into. */
    public int tileCount(int width, int height) {
        return origins(width).length * origins(height).length;
    }
}
