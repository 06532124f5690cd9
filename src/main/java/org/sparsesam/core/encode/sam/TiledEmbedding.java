package org.sparsesam.core.encode.sam;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.sparsesam.core.encode.DiskEmbeddingCache;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.prompt.Point;

/**
 * The SAM embeddings of one image as the decoder modes use them: one frame over the whole image (SAM's
 * own way, for images up to about the model's input size), or the tiles of a tiled encoding at the image's
 * own scale, each with its own embedding, so that a prompt is decoded on the tile that holds it (with
 * coordinates in that tile's frame) instead of on a whole-frame embedding in which nuclei shrink below a
 * cell. The feature grid of a tiled image is stitched from the same tiles, so the image is encoded once.
 */
public final class TiledEmbedding {
    /** One tile's embedding and where the tile starts in the image; its frame is the tile's part of the image. */
    public record Tile(SamEmbedding embedding, int originX, int originY) {

        public int width() {
            return embedding.frame().imageWidth();
        }

        public int height() {
            return embedding.frame().imageHeight();
        }

        /**
         * {@code prompt} in this tile's coordinates. Points outside the tile are left out: SAM's positional
         * encoding has no meaning outside the frame, and a point so far from the object says nothing about it.
         */
        public SamPrompt toTile(SamPrompt prompt) {
            List<Point> points = new ArrayList<>();
            for (Point p : prompt.points()) {
                double x = p.x() - originX, y = p.y() - originY;
                if (x >= 0 && y >= 0 && x <= width() - 1 && y <= height() - 1) {
                    points.add(new Point(x, y, p.label()));
                }
            }
            double[] b = prompt.box();
            double[] box = b == null ? null : new double[] {
                    clamp(b[0] - originX, width()), clamp(b[1] - originY, height()), clamp(b[2] - originX, width()), clamp(b[3] - originY, height())};
            return new SamPrompt(points, box, prompt.maskInput());
        }

        private static double clamp(double v, int size) {
            return Math.max(0, Math.min(size - 1, v));
        }
    }

    private final int width;
    private final int height;
    private final int[] originsX;
    private final int[] originsY;
    private final SamTiling tiling;
    private final SamEmbedding[] tiles;

    private TiledEmbedding(int width, int height, SamTiling tiling, int[] originsX, int[] originsY, SamEmbedding[] tiles) {
        this.width = width;
        this.height = height;
        this.tiling = tiling;
        this.originsX = originsX;
        this.originsY = originsY;
        this.tiles = tiles;
    }

    /** The whole image in one frame, as SAM embeds it. */
    public static TiledEmbedding whole(SamEmbedding embedding) {
        SamFrame f = embedding.frame();
        return new TiledEmbedding(f.imageWidth(), f.imageHeight(), null, new int[] {0}, new int[] {0}, new SamEmbedding[] {embedding});
    }

    /** Tiles of {@code tiling} over a {@code width x height} image, row after row ({@code tiles[j * columns + i]}). */
    public static TiledEmbedding tiled(int width, int height, SamTiling tiling, SamEmbedding[] tiles) {
        int[] ox = tiling.origins(width), oy = tiling.origins(height);
        if (tiles.length != ox.length * oy.length) {
            throw new IllegalArgumentException(tiles.length + " tiles for a tiling of " + ox.length + "x" + oy.length);
        }
        return new TiledEmbedding(width, height, tiling, ox, oy, tiles.clone());
    }

    public int imageWidth() {
        return width;
    }

    public int imageHeight() {
        return height;
    }

    /** The tiling, or null for one whole frame. */
    public SamTiling tiling() {
        return tiling;
    }

    public boolean isWhole() {
        return tiling == null;
    }

    /** The whole-frame embedding; only when {@link #isWhole()}. */
    public SamEmbedding whole() {
        if (tiling != null) {
            throw new IllegalStateException("a tiled embedding has no whole-frame embedding");
        }
        return tiles[0];
    }

    public int tileCount() {
        return tiles.length;
    }

    public Tile tile(int i, int j) {
        return new Tile(tiles[j * originsX.length + i], originsX[i], originsY[j]);
    }

    /**
     * The tile to decode a prompt whose extent is the box [x0, x1] x [y0, y1] (a point: x0 = x1, y0 = y1) on:
     * among the tiles that hold the whole box, the one where it lies farthest from a cut (an edge of the tile
     * inside the image; for a point, the tile whose own cells hold it, as in the stitched grid), because the
     * cells near a cut see padding where the image goes on; when no tile holds the whole box, the tile that
     * covers most of it.
     */
    public Tile tileFor(double x0, double y0, double x1, double y1) {
        if (tiling == null) {
            return tile(0, 0);
        }
        int bestI = 0, bestJ = 0;
        double bestMargin = Double.NEGATIVE_INFINITY, bestCover = -1;
        boolean anyHolds = false;
        for (int j = 0; j < originsY.length; j++) {
            for (int i = 0; i < originsX.length; i++) {
                double[] mx = axis(originsX[i], width, x0, x1), my = axis(originsY[j], height, y0, y1);
                boolean holds = mx[0] >= 0 && my[0] >= 0;
                double margin = Math.min(mx[0], my[0]), cover = mx[1] * my[1];
                boolean better = holds ? !anyHolds || margin > bestMargin : !anyHolds && cover > bestCover;
                if (better) {
                    bestI = i;
                    bestJ = j;
                    bestMargin = margin;
                    bestCover = cover;
                    anyHolds |= holds;
                }
            }
        }
        return tile(bestI, bestJ);
    }

    /**
     * Along one axis, for the tile from {@code origin} over a side of {@code length}: {distance from [lo, hi] to
     * the nearest cut (negative when the interval leaves the tile; an edge at the image's border is no cut),
     * length of the interval inside the tile (at least a pixel's worth for a point inside)}.
     */
    private double[] axis(int origin, int length, double lo, double hi) {
        int end = Math.min(length, origin + tiling.tileSize());
        double before = origin == 0 ? Double.POSITIVE_INFINITY : lo - origin;
        double after = end >= length ? Double.POSITIVE_INFINITY : (end - 1) - hi;
        double inside = lo >= origin && hi <= end - 1 ? Math.max(1, hi - lo) : Math.max(0, Math.min(hi, end - 1) - Math.max(lo, origin));
        return new double[] {Math.min(before, after) == Double.POSITIVE_INFINITY ? length : Math.min(before, after), inside};
    }

    /** The feature grid for self-similarity: the whole frame's, or the tiles stitched (as {@link SamEncoder#encodeTiled}). */
    public FeatureGrid toFeatureGrid() {
        if (tiling == null) {
            return tiles[0].toFeatureGrid();
        }
        SamEmbedding first = tiles[0];
        TileStitcher stitcher = new TileStitcher(tiling, first.channels(), first.size(), width, height);
        for (int j = 0; j < originsY.length; j++) {
            for (int i = 0; i < originsX.length; i++) {
                stitcher.add(i, j, FloatBuffer.wrap(tiles[j * originsX.length + i].values()));
            }
        }
        return stitcher.grid();
    }

    public long sizeInBytes() {
        long bytes = 0;
        for (SamEmbedding t : tiles) {
            bytes += t.sizeInBytes();
        }
        return bytes;
    }

    /** How the disk cache stores it: the tiling (or none), then each tile's frame and values. */
    public static final DiskEmbeddingCache.Codec<TiledEmbedding> CODEC = new DiskEmbeddingCache.Codec<>() {
        @Override
        public void write(TiledEmbedding e, DataOutputStream out) throws IOException {
            out.writeInt(e.width);
            out.writeInt(e.height);
            SamTiling t = e.tiling;
            out.writeInt(t == null ? 0 : t.tileSize());
            out.writeInt(t == null ? 0 : t.overlap());
            out.writeInt(t == null ? 0 : t.cellSize());
            out.writeInt(e.tiles.length);
            for (SamEmbedding tile : e.tiles) {
                SamFrame f = tile.frame();
                DiskEmbeddingCache.writeString(out, tile.modelId());
                for (int v : new int[] {tile.channels(), tile.size(), f.imageWidth(), f.imageHeight(), f.resizedWidth(),
                        f.resizedHeight(), f.inputSize()}) {
                    out.writeInt(v);
                }
                DiskEmbeddingCache.writeFloats(out, tile.values());
            }
        }

        @Override
        public TiledEmbedding read(ByteBuffer in) {
            int width = in.getInt(), height = in.getInt(), tileSize = in.getInt(), overlap = in.getInt(), cell = in.getInt();
            int count = in.getInt();
            if (count < 1 || count > in.remaining()) {
                throw new IllegalArgumentException("bad tile count " + count);
            }
            SamEmbedding[] tiles = new SamEmbedding[count];
            for (int i = 0; i < count; i++) {
                String model = DiskEmbeddingCache.readString(in);
                int channels = in.getInt(), size = in.getInt();
                SamFrame frame = new SamFrame(in.getInt(), in.getInt(), in.getInt(), in.getInt(), in.getInt());
                float[] values = DiskEmbeddingCache.readFloats(in, Math.multiplyExact(channels, Math.multiplyExact(size, size)));
                tiles[i] = new SamEmbedding(values, channels, size, frame, model);
            }
            return tileSize == 0 ? whole(tiles[0]) : tiled(width, height, new SamTiling(tileSize, overlap, cell), tiles);
        }
    };
}
