package org.sparsesam.core.tile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.instance.InstanceInfo;
import org.sparsesam.core.instance.LabelImage;

class AssembledTilesTest {

    private static List<InstanceInfo> infos(int n) {
        return java.util.stream.IntStream.rangeClosed(1, n).mapToObj(i -> new InstanceInfo(i, 1, 0, 0, 0)).toList();
    }

    @Test
    void tilesAreNumberedInRasterOrderAndAnObjectFoundTwiceIsKeptOnce() {
        AssembledTiles assembled = new AssembledTiles(6, 2);
        // left tile (outer 0..4): object 1 at x 3..4 (reaching into the right core); right tile (outer 2..6): the same
        // object seen again as its 1, mostly on claimed pixels, and object 2 at x 5
        TileLayout.Tile left = new TileLayout.Tile(new TileLayout.Rect(0, 0, 3, 2), new TileLayout.Rect(0, 0, 4, 2));
        TileLayout.Tile right = new TileLayout.Tile(new TileLayout.Rect(3, 0, 3, 2), new TileLayout.Rect(2, 0, 4, 2));
        FloatPlane half = new FloatPlane(4, 2, new float[] {.5f, .5f, .5f, .5f, .5f, .5f, .5f, .5f});
        assembled.accept(left, new LabelImage(4, 2, new int[] {0, 0, 0, 1, 0, 0, 0, 1}), half, infos(1));
        FloatPlane one = new FloatPlane(4, 2, new float[] {1, 1, 1, 1, 1, 1, 1, 1});
        assembled.accept(right, new LabelImage(4, 2, new int[] {0, 1, 0, 2, 0, 1, 1, 2}), one, infos(2));
        assertArrayEquals(new int[] {0, 0, 0, 1, 0, 2, 0, 0, 0, 1, 0, 2}, assembled.labels().data());
        // probability from each tile's core
        assertArrayEquals(new float[] {.5f, .5f, .5f, 1, 1, 1, .5f, .5f, .5f, 1, 1, 1}, assembled.probability().data());
        assertEquals(2, assembled.labels().maxLabel());
    }
}
