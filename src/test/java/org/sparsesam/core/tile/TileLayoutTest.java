package org.sparsesam.core.tile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.instance.InstanceInfo;
import org.sparsesam.core.instance.LabelImage;

class TileLayoutTest {

    @Test
    void coresPartitionTheImageAndTilesAddTheMarginInsideIt() {
        TileLayout layout = TileLayout.of(1000, 700, 512, 100, 16);
        // margin 100 -> 112 (a multiple of 16); core (512 - 224) = 288
        assertEquals(112, layout.margin());
        assertEquals(288, layout.coreSize());
        int[] covered = new int[1000 * 700];
        for (TileLayout.Tile t : layout.tiles()) {
            for (int y = t.core().y(); y < t.core().bottom(); y++) {
                for (int x = t.core().x(); x < t.core().right(); x++) {
                    covered[y * 1000 + x]++;
                }
            }
            TileLayout.Rect o = t.outer();
            assertTrue(o.x() >= 0 && o.y() >= 0 && o.right() <= 1000 && o.bottom() <= 700 && o.width() <= 512 && o.height() <= 512);
            assertEquals(Math.max(0, t.core().x() - 112), o.x());
            assertEquals(Math.min(1000, t.core().right() + 112), o.right());
            assertEquals(0, o.x() % 16);
            assertEquals(t, layout.tileAt(t.core().x() + 0.5, t.core().bottom() - 0.5));
        }
        for (int c : covered) {
            assertEquals(1, c);
        }
        assertEquals(4 * 3, layout.tiles().size());
    }

    @Test
    void aTileTooSmallForItsMarginIsNoLayout() {
        assertNull(TileLayout.of(1000, 1000, 256, 120, 16));
    }

    /**
     * A 12x8 tile at (10, 10) of a 40x30 image, core (14..18) x (14..16) in image coordinates. Object 1 lies in the
     * core; 2 has its centroid outside the core; 3 touches the tile's left edge and 4 its top edge, both inside the
     * image, so they were cut and are dropped (their own tiles hold them whole).
     */
    @Test
    void keepsOnlyObjectsWhoseCentroidIsInTheCoreAndThatDoNotTouchAnInnerEdge() {
        TileLayout layout = new TileLayout(40, 30, 4, 4, List.of());
        TileLayout.Tile tile = new TileLayout.Tile(new TileLayout.Rect(14, 14, 4, 2), new TileLayout.Rect(10, 10, 12, 8));
        LabelImage labels = new LabelImage(12, 8, rows(
                "444000000000",
                "000000000000",
                "000000000000",
                "000000000022",
                "333001100022",
                "333001100000",
                "000000000000",
                "000000000000"));
        List<InstanceInfo> kept = TiledSegmentation.keep(tile, layout, labels, new FloatPlane(12, 8));
        assertEquals(1, kept.size());
        assertEquals(15.5, kept.get(0).centroidX(), 1e-9);
        assertEquals(14.5, kept.get(0).centroidY(), 1e-9);
        assertEquals(1, kept.get(0).label());
        assertEquals(1, labels.maxLabel(), "the dropped objects are zeroed");
        assertEquals(4, java.util.Arrays.stream(labels.data()).filter(v -> v == 1).count());
    }

    @Test
    void anObjectTouchingTheTileEdgeIsKeptWhereThatEdgeIsTheImages() {
        TileLayout layout = new TileLayout(12, 8, 4, 4, List.of());
        TileLayout.Tile tile = new TileLayout.Tile(new TileLayout.Rect(0, 0, 6, 4), new TileLayout.Rect(0, 0, 10, 8));
        LabelImage labels = new LabelImage(10, 8, rows(
                "1100000000",
                "1100000002",
                "0000000002",
                "0000000000",
                "0000000000",
                "0000000000",
                "0000000000",
                "0000000000"));
        List<InstanceInfo> kept = TiledSegmentation.keep(tile, layout, labels, new FloatPlane(10, 8));
        assertEquals(1, kept.size(), "object 1 touches only the image's edges; object 2 the tile's right edge inside the image");
        assertEquals(0.5, kept.get(0).centroidX(), 1e-9);
    }

    private static int[] rows(String... rows) {
        int w = rows[0].length();
        int[] data = new int[w * rows.length];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < w; x++) {
                data[y * w + x] = rows[y].charAt(x) - '0';
            }
        }
        return data;
    }
}
