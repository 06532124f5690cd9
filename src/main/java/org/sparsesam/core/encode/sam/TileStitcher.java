package org.sparsesam.core.encode.sam;

import java.nio.FloatBuffer;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.image.FloatPlane;

/**
 * Stitches the embeddings of a tiled encoding into one feature grid over the image (one cell per
 * {@code cellSize} pixels): every grid cell is copied from the tile that owns it ({@link SamTiling#firstOwnedCell}),
 * straight from the tile's embedding values into the grid's planes.
 */
final class TileStitcher {
    private final SamTiling tiling;
    private final int embeddingSize;
    private final int width;
    private final int height;
    private final int gridWidth;
    private final int gridHeight;
    private final int[] originsX;
    private final int[] originsY;
    private final float[][] planes;

    TileStitcher(SamTiling tiling, int channels, int embeddingSize, int width, int height) {
        int cell = tiling.cellSize();
        this.tiling = tiling;
        this.embeddingSize = embeddingSize;
        this.width = width;
        this.height = height;
        this.gridWidth = (width + cell - 1) / cell;
        this.gridHeight = (height + cell - 1) / cell;
        this.originsX = tiling.origins(width);
        this.originsY = tiling.origins(height);
        this.planes = new float[channels][gridWidth * gridHeight];
    }

    /** Copies the cells tile ({@code i}, {@code j}) owns from its embedding [C, E, E] (absolute indices). */
    void add(int i, int j, FloatBuffer embedding) {
        int cell = tiling.cellSize(), e = embeddingSize;
        int gx0 = tiling.firstOwnedCell(i), gx1 = i + 1 < originsX.length ? tiling.firstOwnedCell(i + 1) : gridWidth;
        int gy0 = tiling.firstOwnedCell(j), gy1 = j + 1 < originsY.length ? tiling.firstOwnedCell(j + 1) : gridHeight;
        int tx = originsX[i] / cell, ty = originsY[j] / cell;
        for (int c = 0; c < planes.length; c++) {
            for (int gy = gy0; gy < gy1; gy++) {
                embedding.get((c * e + gy - ty) * e + gx0 - tx, planes[c], gy * gridWidth + gx0, gx1 - gx0);
            }
        }
    }

    FeatureGrid grid() {
        FloatPlane[] channelPlanes = new FloatPlane[planes.length];
        String[] names = new String[planes.length];
        for (int c = 0; c < planes.length; c++) {
            channelPlanes[c] = new FloatPlane(gridWidth, gridHeight, planes[c]);
            names[c] = "sam" + c;
        }
        return new FeatureGrid(channelPlanes, names, tiling.cellSize(), width, height);
    }
}
