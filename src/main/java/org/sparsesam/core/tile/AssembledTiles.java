package org.sparsesam.core.tile;

import java.util.List;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.instance.InstanceInfo;
import org.sparsesam.core.instance.LabelImage;

/**
 * Puts the tiles back together into whole-image labels and probability, 8 bytes a pixel: what an untiled run returns,
 * with objects numbered in raster order of their first pixel as there. An object reaching into a neighbour's core
 * keeps its pixels; where two tiles' objects would claim one pixel (they differ only at the edge of what both saw),
 * the first tile's object keeps it, so no pixel has two objects, and an object mostly claimed that way is dropped.
 */
public final class AssembledTiles implements TileSink {
    private final int width;
    private final int[] labels;
    private final FloatPlane probability;
    private int next;

    public AssembledTiles(int width, int height) {
        this.width = width;
        this.labels = new int[Math.multiplyExact(width, height)];
        this.probability = new FloatPlane(width, height);
    }

    @Override
    public void accept(TileLayout.Tile tile, LabelImage tileLabels, FloatPlane tileProbability, List<InstanceInfo> instances) {
        TileLayout.Rect outer = tile.outer(), core = tile.core();
        int[] local = tileLabels.data();
        // An object mostly claimed already is one a neighbour found too (possible only where two tiles saw it
        // differently, at the edge of both): it is dropped rather than left as a sliver.
        long[] claimed = new long[instances.size() + 1], area = new long[instances.size() + 1];
        for (int y = 0; y < outer.height(); y++) {
            for (int x = 0; x < outer.width(); x++) {
                int v = local[y * outer.width() + x];
                if (v != 0) {
                    area[v]++;
                    if (labels[(outer.y() + y) * width + outer.x() + x] != 0) {
                        claimed[v]++;
                    }
                }
            }
        }
        int offset = next;
        for (int y = 0; y < outer.height(); y++) {
            for (int x = 0; x < outer.width(); x++) {
                int v = local[y * outer.width() + x];
                int i = (outer.y() + y) * width + outer.x() + x;
                if (v != 0 && labels[i] == 0 && 2 * claimed[v] < area[v]) {
                    labels[i] = offset + v;
                }
            }
        }
        next += instances.size();
        float[] p = tileProbability.data(), out = probability.data();
        for (int y = core.y(); y < core.bottom(); y++) {
            System.arraycopy(p, (y - outer.y()) * outer.width() + core.x() - outer.x(), out, y * width + core.x(), core.width());
        }
    }

    /**
     * The assembled labels, renumbered in raster order of each object's first pixel in place (a second whole-image
     * array would double the largest thing held). Call once, after the last tile.
     */
    public LabelImage labels() {
        int[] newLabel = new int[next + 1];
        int count = 0;
        for (int i = 0; i < labels.length; i++) {
            int v = labels[i];
            if (v != 0) {
                if (newLabel[v] == 0) {
                    newLabel[v] = ++count;
                }
                labels[i] = newLabel[v];
            }
        }
        return new LabelImage(width, labels.length / width, labels);
    }

    public FloatPlane probability() {
        return probability;
    }
}
