package org.sparsesam.core.encode.sam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.eval.SyntheticTissue;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.model.ModelPackage;
import org.sparsesam.core.model.TinySamFixture;

class SamTilingTest {
    private static SamEncoder encoder;

    @BeforeAll
    static void open() {
        try (ModelPackage pkg = ModelPackage.open(TinySamFixture.packageFolder())) {
            encoder = new SamEncoder(pkg, Device.CPU, Progress.NONE);
        }
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void tilesCoverTheSideAndEachCellHasOneOwner() {
        // 64 px tiles overlapping by 16 (two 8 px cells): step 48, so a 150 px side needs tiles at 0, 48, 96
        // (96 + 64 >= 150); each cut runs through the middle of an overlap: cells 7 (x 56) and 13 (x 104).
        SamTiling t = new SamTiling(64, 16, 8);
        assertArrayEquals(new int[] {0, 48, 96}, t.origins(150));
        assertEquals(0, t.firstOwnedCell(0));
        assertEquals(7, t.firstOwnedCell(1));
        assertEquals(13, t.firstOwnedCell(2));
        assertArrayEquals(new int[] {0}, t.origins(64));
        assertArrayEquals(new int[] {0, 48}, t.origins(65));
    }

    @Test
    void defaultTilingFillsTheFrameWithAQuarterOverlap() {
        assertEquals(new SamTiling(128, 32, 8), SamTiling.forModel(128, 16));
        assertEquals(new SamTiling(1024, 256, 16), SamTiling.forModel(1024, 64));
    }

    @Test
    void oneFrameSizedTileIsExactlyTheUntiledEncoding() {
        // A 128 x 128 image fills the tiny model's frame without resizing: the tiled path (one tile) and SAM's
        // whole-image path must give the same bits.
        RasterImage image = SyntheticTissue.nuclei(128, 128, 3).image();
        FeatureGrid whole = encoder.encode(image, Progress.NONE, CancelToken.none());
        FeatureGrid tiled = encoder.encodeTiled(image, new SamTiling(128, 32, 8), Progress.NONE, CancelToken.none());
        assertEquals(whole.stride(), tiled.stride());
        assertEquals(whole.gridWidth(), tiled.gridWidth());
        for (int c = 0; c < whole.channelCount(); c++) {
            assertArrayEquals(whole.channel(c).data(), tiled.channel(c).data(), 0f, "channel " + c);
        }
    }

    @Test
    void imagesMuchLargerThanTheFrameAreTiledAtTheirOwnScale() {
        java.util.List<String> notes = new java.util.ArrayList<>();
        Progress noting = new Progress() {
            public void report(String stage, double fraction) {}
            public void note(String message) {
                notes.add(message);
            }
        };
        RasterImage image = SyntheticTissue.nuclei(300, 200, 5).image(); // 300 > 1.25 x 128: tiled
        FeatureGrid grid = encoder.encode(image, noting, CancelToken.none());
        assertEquals(8, grid.stride());
        assertEquals(38, grid.gridWidth()); // ceil(300 / 8)
        assertEquals(25, grid.gridHeight());
        assertTrue(notes.stream().anyMatch(n -> n.contains("tiles of 128 px")), notes.toString());
        // The top-left tile is the image's top-left 128 x 128 corner: its own cells, away from the cut, are that
        // corner encoded alone.
        FeatureGrid corner = encoder.encode(crop(image, 128, 128), Progress.NONE, CancelToken.none());
        float[] u = new float[grid.channelCount()], v = new float[grid.channelCount()];
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 12; x++) {
                grid.vector(y * grid.gridWidth() + x, u);
                corner.vector(y * corner.gridWidth() + x, v);
                assertArrayEquals(v, u, 0f, "cell " + x + "," + y);
            }
        }
    }

    private static RasterImage crop(RasterImage image, int w, int h) {
        org.sparsesam.core.image.FloatPlane[] planes = new org.sparsesam.core.image.FloatPlane[3];
        for (int c = 0; c < 3; c++) {
            planes[c] = new org.sparsesam.core.image.FloatPlane(w, h);
            for (int y = 0; y < h; y++) {
                System.arraycopy(image.channel(c).data(), y * image.width(), planes[c].data(), y * w, w);
            }
        }
        return RasterImage.rgb(planes[0], planes[1], planes[2]);
    }

    /**
     * A 128 x 128 image fits the tiny model's frame whole and also cuts into 2 x 2 tiles (three quarters of the
     * frame or more, as the product's frame-sized tiles) at the same scale.
     * SAM's global attention and absolute positions make every embedding cell depend on the whole frame, so
     * the two cannot agree bit for bit; what tiling must keep is each cell's feature direction. The last cell
     * row and column are left out: untiled, they touch the frame's edge (the neck's zero padding), tiled they
     * see padding pixels, a difference of the image edge, not of the cuts. A stitching off by one cell would
     * compare neighbouring cells, which the control shows to be far less alike.
     */
    @Test
    void tiledMatchesUntiledAwayFromTheImageEdge() {
        RasterImage image = SyntheticTissue.nuclei(128, 128, 3).image();
        FeatureGrid whole = encoder.encode(image, Progress.NONE, CancelToken.none());
        for (int[] tileAndOverlap : new int[][] {{96, 32}, {112, 48}}) {
            SamTiling tiling = new SamTiling(tileAndOverlap[0], tileAndOverlap[1], 8);
            assertTrue(tiling.tileCount(128, 128) >= 4);
            FeatureGrid tiled = encoder.encodeTiled(image, tiling, Progress.NONE, CancelToken.none());
            double[] same = cosines(whole, tiled, 0);
            double[] shifted = cosines(whole, tiled, 1);
            assertTrue(same[0] > 0.9, "every cell's direction kept: min cosine " + same[0]);
            assertTrue(same[1] > 0.97, "mean cosine " + same[1]);
            assertTrue(shifted[1] < same[1] - 0.1, "control: neighbouring cells are less alike, mean cosine " + shifted[1]);
        }
    }

    /** {min, mean} cosine between cell (x, y) of a and cell (x + shift, y) of b, last row and column left out. */
    private static double[] cosines(FeatureGrid a, FeatureGrid b, int shift) {
        int w = a.gridWidth();
        float[] u = new float[a.channelCount()], v = new float[a.channelCount()];
        double min = 1, sum = 0;
        int n = 0;
        for (int y = 0; y < a.gridHeight() - 1; y++) {
            for (int x = 0; x + shift < w - 1; x++) {
                a.vector(y * w + x, u);
                b.vector(y * w + x + shift, v);
                double dot = 0, nu = 0, nv = 0;
                for (int c = 0; c < u.length; c++) {
                    dot += u[c] * v[c];
                    nu += u[c] * u[c];
                    nv += v[c] * v[c];
                }
                double cos = dot / Math.sqrt(nu * nv);
                min = Math.min(min, cos);
                sum += cos;
                n++;
            }
        }
        return new double[] {min, sum / n};
    }
}
