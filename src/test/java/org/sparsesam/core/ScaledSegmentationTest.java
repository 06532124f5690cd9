package org.sparsesam.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.encode.BuiltinEncoder;
import org.sparsesam.core.encode.Encoder;
import org.sparsesam.core.encode.sam.TinySamModels;
import org.sparsesam.core.eval.SyntheticTissue;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.prompt.ClickSimulator;
import org.sparsesam.core.prompt.Point;

/**
 * Segmenting at scale 0.5 must be segmenting the half-size image (each pixel the mean of a 2 x 2 block,
 * computed here by hand, clicks moved to the same pixel centres) with the outputs enlarged back: the same
 * objects, each full-resolution pixel labelled as the half-size pixel it lies in.
 */
class ScaledSegmentationTest {
    private static final SyntheticTissue TISSUE = SyntheticTissue.nuclei(192, 160, 3);
    private static final List<Point> CLICKS = new ClickSimulator(ClickSimulator.Protocol.RANDOM,
            new ClickSimulator.ClickCounts(4, 3)).simulate(TISSUE.labels(), 1).points();

    @Test
    void halfScaleWithTheBuiltinEncoderIsTheHalfSizeImage() {
        assertParity(new BuiltinEncoder(), new BuiltinEncoder(), SegmentOptions.builder());
    }

    @Test
    void halfScaleWithASamEncoderIsTheHalfSizeImage() {
        // 320 px is tiled by the tiny model (above 1.25 x 128); its half, 160 px, fits one frame.
        assertParity(TinySamModels.open(), TinySamModels.open(), SegmentOptions.builder());
    }

    @Test
    void scalesOutsideZeroToOneAreRefused() {
        SparseSamException e = assertThrows(SparseSamException.class, () -> SegmentOptions.builder().scale(2).build());
        assertTrue(e.getMessage().contains("(0, 1]"), e.getMessage());
        assertThrows(SparseSamException.class, () -> SegmentOptions.builder().scale(0).build());
    }

    private static void assertParity(Encoder scaledEncoder, Encoder halfEncoder, SegmentOptions.Builder options) {
        RasterImage image = TISSUE.image();
        RasterImage half = halve(image);
        List<Point> halfClicks = CLICKS.stream()
                .map(p -> new Point(Math.max(0, (p.x() + 0.5) / 2 - 0.5), Math.max(0, (p.y() + 0.5) / 2 - 0.5), p.label())).toList();
        SegmentResult scaled, direct;
        try (SparseSam sam = new SparseSam(options.scale(0.5).build(), scaledEncoder)) {
            scaled = sam.segment(image, CLICKS, Progress.NONE, CancelToken.none());
        }
        try (SparseSam sam = new SparseSam(options.scale(1).build(), halfEncoder)) {
            direct = sam.segment(half, halfClicks, Progress.NONE, CancelToken.none());
        }
        assertTrue(direct.count() > 0);
        assertEquals(direct.count(), scaled.count());
        assertEquals(image.width(), scaled.labels().width());
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                assertEquals(direct.labels().get(x / 2, y / 2), scaled.labels().get(x, y), "pixel " + x + "," + y);
            }
        }
        // Full-resolution pixel (2x, 2y) lies a quarter pixel up and left of half-size pixel (x, y): bilinear weights
        // 3/4 and 1/4 along each axis.
        FloatPlane p = direct.probability();
        for (int y = 1; y < half.height(); y += 7) {
            for (int x = 1; x < half.width(); x += 7) {
                float expected = 0.5625f * p.get(x, y) + 0.1875f * (p.get(x - 1, y) + p.get(x, y - 1)) + 0.0625f * p.get(x - 1, y - 1);
                assertEquals(expected, scaled.probability().get(2 * x, 2 * y), 1e-5f, "map at " + 2 * x + "," + 2 * y);
            }
        }
        assertTrue(scaled.notes().get(0).contains("scale 0.5"), scaled.notes().toString());
    }

    private static RasterImage halve(RasterImage image) {
        int w = image.width() / 2, h = image.height() / 2;
        FloatPlane[] planes = new FloatPlane[3];
        for (int c = 0; c < 3; c++) {
            FloatPlane in = image.channel(c);
            planes[c] = new FloatPlane(w, h);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    planes[c].set(x, y, (in.get(2 * x, 2 * y) + in.get(2 * x + 1, 2 * y) + in.get(2 * x, 2 * y + 1) + in.get(2 * x + 1, 2 * y + 1)) / 4);
                }
            }
        }
        return RasterImage.rgb(planes[0], planes[1], planes[2]);
    }
}
