package org.sparsesam.core.tile;

import java.util.ArrayList;
import java.util.List;

/**
 * How a large image is cut into tiles. The cores partition the image; each tile is its core grown by a margin on every
 * side (clipped at the image), so that what is computed inside the core (and for a margin's width beyond it) sees the
 * same neighbourhood as in the whole image. Core edges and margins are multiples of an alignment, so that every pooling
 * grid of the pipeline (feature stride, the stain prior's pooled smoothing) falls on the same pixels in a tile as in
 * the whole image.
 *
 * @param tiles in raster order of their cores
 */
public record TileLayout(int imageWidth, int imageHeight, int coreSize, int margin, List<Tile> tiles) {

    /** A rectangle of pixels {@code [x, x + width) x [y, y + height)}. */
    public record Rect(int x, int y, int width, int height) {
        public int right() {
            return x + width;
        }

        public int bottom() {
            return y + height;
        }

        public boolean contains(double px, double py) {
            return px >= x && py >= y && px < right() && py < bottom();
        }

        public long area() {
            return (long) width * height;
        }
    }

    /** One tile: the core it answers for and the larger rectangle it reads. */
    public record Tile(Rect core, Rect outer) {}

    public TileLayout {
        tiles = List.copyOf(tiles);
    }

    /**
     * @param tileSize the side of a whole tile, margins included
     * @param margin   the overlap beyond the core on each side; rounded up to {@code align}
     * @param align    the pixel alignment of cores and margins
     * @return null when the core left over would be smaller than {@code align}: the tile cannot hold the margin
     */
    public static TileLayout of(int imageWidth, int imageHeight, int tileSize, int margin, int align) {
        int m = roundUp(margin, align);
        int core = (tileSize - 2 * m) / align * align;
        if (core < align) {
            return null;
        }
        List<Tile> tiles = new ArrayList<>();
        for (int y = 0; y < imageHeight; y += core) {
            for (int x = 0; x < imageWidth; x += core) {
                Rect c = new Rect(x, y, Math.min(core, imageWidth - x), Math.min(core, imageHeight - y));
                int ox = Math.max(0, x - m), oy = Math.max(0, y - m);
                Rect o = new Rect(ox, oy, Math.min(imageWidth, c.right() + m) - ox, Math.min(imageHeight, c.bottom() + m) - oy);
                tiles.add(new Tile(c, o));
            }
        }
        return new TileLayout(imageWidth, imageHeight, core, m, tiles);
    }

    static int roundUp(int value, int align) {
        return (value + align - 1) / align * align;
    }

    /** The tile whose core holds the pixel (x, y). */
    public Tile tileAt(double x, double y) {
        int columns = (imageWidth + coreSize - 1) / coreSize;
        int cx = Math.min(columns - 1, Math.max(0, (int) Math.floor(x) / coreSize));
        int cy = Math.max(0, (int) Math.floor(y) / coreSize);
        return tiles.get(Math.min(tiles.size() - 1, cy * columns + cx));
    }
}
