package org.sparsesam.core.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.encode.sam.SamEmbedding;
import org.sparsesam.core.encode.sam.SamModel;
import org.sparsesam.core.encode.sam.TiledEmbedding;
import org.sparsesam.core.encode.sam.TinySamModels;
import org.sparsesam.core.eval.SyntheticTissue;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.core.prompt.Point;

/**
 * The decoder modes on an image that needs several tiles (the tiny model's 128 px frame; tiles of 128 px,
 * overlap 32, so tiles start at x = 0, 96, 192 and y = 0, 96 on a 300 x 200 image, and the cut between the
 * first two columns runs at x = 112). A prompt is decoded on the tile that holds it, so its mask must be
 * exactly what decoding that tile cropped out and encoded alone gives, shifted back into place.
 */
class TiledDecodingTest {
    private static SamModel model;
    private static RasterImage image;
    private static TiledEmbedding tiled;

    @BeforeAll
    static void open() {
        model = TinySamModels.open();
        image = SyntheticTissue.nuclei(300, 200, 4).image();
        tiled = model.embedForPrompts(image, Progress.NONE, CancelToken.none());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void aLargeImageIsEmbeddedInTilesAndEachPointGoesToTheTileThatOwnsIt() {
        assertFalse(tiled.isWhole());
        assertEquals(6, tiled.tileCount());
        // x = 100 lies before the cut at 112 (27 px from tile 0's right edge, 4 px from tile 1's left edge).
        assertEquals(0, tiled.tileFor(100, 50, 100, 50).originX());
        assertEquals(96, tiled.tileFor(120, 50, 120, 50).originX());
        assertEquals(192, tiled.tileFor(290, 150, 290, 150).originX());
        assertEquals(96, tiled.tileFor(290, 150, 290, 150).originY());
        // A box from x 100 to 150 only tile 1 holds whole; one wider than a tile goes where most of it lies.
        assertEquals(96, tiled.tileFor(100, 10, 150, 40).originX());
        assertEquals(96, tiled.tileFor(60, 10, 250, 40).originX());
    }

    @Test
    void aClickNearACutGetsItsMaskFromItsOwnTileEqualToThatTileDecodedAlone() {
        // x = 117: 5 px past the cut, 10 px from tile 0's right edge (found where the random decoder answers).
        // The negative lies outside tile 1: it is left out there (SAM's frame has no place for it).
        List<Point> clicks = List.of(Point.fg(117, 74), Point.bg(20, 20));
        DecoderRefinement refinement = new DecoderRefinement(model.decoder());
        LabelImage labels = refinement.clicks(tiled, clicks, 4, Progress.NONE, CancelToken.none()).labels();

        LabelImage alone = decodeCrop(96, 0, List.of(Point.fg(21, 74)));
        assertShiftedEqual(alone, 96, 0, labels);
        assertEquals(1, alone.maxLabel(), "the tiny decoder answers this click");
        // Control: the same click decoded on the tile it is near the edge of gives another mask.
        LabelImage onTileZero = decodeCrop(0, 0, List.of(Point.fg(117, 74), Point.bg(20, 20)));
        assertFalse(java.util.Arrays.equals(crop(labels, 0, 0).data(), onTileZero.data()), "tile 0 would answer differently");
    }

    @Test
    void refineDecodesEachObjectOnTheTileHoldingItsBox() {
        LabelImage objects = new LabelImage(300, 200);
        for (int y = 40; y < 56; y++) {
            for (int x = 140; x < 156; x++) {
                objects.data()[y * 300 + x] = 1;
            }
        }
        LabelImage refined = new DecoderRefinement(model.decoder()).refine(tiled, objects, 4, Progress.NONE, CancelToken.none()).labels();
        LabelImage cropObjects = crop(objects, 96, 0);
        SamEmbedding alone = model.embed(cropImage(96, 0), Progress.NONE, CancelToken.none());
        LabelImage expected = new DecoderRefinement(model.decoder()).refine(alone, cropObjects, 4, Progress.NONE, CancelToken.none()).labels();
        assertEquals(1, expected.maxLabel(), "the tiny decoder answers this object");
        assertShiftedEqual(expected, 96, 0, refined);
    }

    @Test
    void theFrontEndEncodesALargeImageOnceForGridAndDecoder() {
        TinySamModels.Counting counting = new TinySamModels.Counting(TinySamModels.open());
        List<Point> clicks = List.of(Point.fg(120, 50), Point.fg(250, 150), Point.bg(20, 20), Point.bg(200, 30));
        try (SparseSam sam = new SparseSam(SegmentOptions.builder().mode(SegmentOptions.MODE_REFINE).build(), counting)) {
            SegmentResult r = sam.segment(image, clicks, Progress.NONE, CancelToken.none());
            assertEquals(1, counting.embeds.get());
            assertEquals(0, counting.encodes.get(), "the similarity grid is stitched from the same tiles");
            assertTrue(r.notes().stream().anyMatch(n -> n.contains("decoded on the tile")), r.notes().toString());
        }
    }

    /** The tile at (x0, y0) cut out of the image, encoded alone (it fits one frame), decoded with {@code clicks}. */
    private static LabelImage decodeCrop(int x0, int y0, List<Point> clicks) {
        SamEmbedding alone = model.embed(cropImage(x0, y0), Progress.NONE, CancelToken.none());
        return new DecoderRefinement(model.decoder()).clicks(alone, clicks, 4, Progress.NONE, CancelToken.none()).labels();
    }

    /** {@code small} placed at (x0, y0) in {@code large}, and nothing else labelled in {@code large}. */
    private static void assertShiftedEqual(LabelImage small, int x0, int y0, LabelImage large) {
        for (int y = 0; y < large.height(); y++) {
            for (int x = 0; x < large.width(); x++) {
                boolean inside = x >= x0 && y >= y0 && x < x0 + small.width() && y < y0 + small.height();
                int expected = inside ? small.get(x - x0, y - y0) : 0;
                assertEquals(expected, large.get(x, y), "pixel " + x + "," + y);
            }
        }
    }

    private static RasterImage cropImage(int x0, int y0) {
        FloatPlane[] planes = new FloatPlane[3];
        for (int c = 0; c < 3; c++) {
            planes[c] = new FloatPlane(128, 128);
            for (int y = 0; y < 128; y++) {
                System.arraycopy(image.channel(c).data(), (y0 + y) * image.width() + x0, planes[c].data(), y * 128, 128);
            }
        }
        return RasterImage.rgb(planes[0], planes[1], planes[2]);
    }

    private static LabelImage crop(LabelImage labels, int x0, int y0) {
        LabelImage out = new LabelImage(128, 128);
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                out.data()[y * 128 + x] = labels.get(x0 + x, y0 + y);
            }
        }
        return out;
    }
}
