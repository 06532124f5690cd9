package org.sparsesam.core.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;

class BuiltinEncoderTest {
    private static final int[][] DISCS = {{15, 15}, {45, 20}, {25, 45}, {55, 50}};
    private static final int DISC_RADIUS = 7;

    /** Dark purple discs (nuclei-like) on a pink background, with a little seeded noise. */
    static RasterImage discs(int w, int h) {
        Random random = new Random(42);
        int[] packed = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean inside = insideDisc(x, y);
                int r = inside ? 90 : 240, g = inside ? 50 : 180, b = inside ? 140 : 210;
                int n = random.nextInt(7) - 3;
                packed[y * w + x] = (r + n) << 16 | (g + n) << 8 | (b + n);
            }
        }
        return RasterImage.fromPackedRgb(w, h, packed);
    }

    static boolean insideDisc(int x, int y) {
        for (int[] d : DISCS) {
            if ((x - d[0]) * (x - d[0]) + (y - d[1]) * (y - d[1]) <= DISC_RADIUS * DISC_RADIUS) {
                return true;
            }
        }
        return false;
    }

    private static FeatureGrid encode(BuiltinEncoder encoder, RasterImage image) {
        return encoder.encode(image, Progress.NONE, CancelToken.none());
    }

    @Test
    void gridHasTheDocumentedShapeNamesAndCoordinates() {
        RasterImage image = discs(70, 61);
        FeatureGrid grid = encode(new BuiltinEncoder(4), image);
        assertEquals(18, grid.gridWidth()); // ceil(70 / 4)
        assertEquals(16, grid.gridHeight()); // ceil(61 / 4)
        assertEquals(4, grid.stride());
        assertEquals(70, grid.imageWidth());
        assertEquals(61, grid.imageHeight());
        assertEquals(60, grid.channelCount());
        List<String> names = new ArrayList<>();
        for (int c = 0; c < grid.channelCount(); c++) {
            names.add(grid.channelName(c));
        }
        assertEquals(BuiltinEncoder.channelNames(true), names);
        assertEquals("H/gauss/s1", names.get(0));
        assertTrue(names.contains("E/std/s8") && names.contains("I/dog/s4") && names.contains("H/coherence/s2"));
        assertEquals(17, grid.gridX(69)); // last pixel falls in the partial last cell
        assertEquals(1, grid.gridX(4));

        FeatureGrid full = encode(new BuiltinEncoder(), image);
        assertEquals(70, full.gridWidth());
        assertEquals(61, full.gridHeight());
        assertEquals(1, full.stride());
    }

    @Test
    void everyChannelIsStandardised() {
        FeatureGrid grid = encode(new BuiltinEncoder(2), discs(64, 64));
        for (int c = 0; c < grid.channelCount(); c++) {
            double sum = 0, squares = 0;
            float[] d = grid.channel(c).data();
            for (float v : d) {
                sum += v;
                squares += (double) v * v;
            }
            double mean = sum / d.length;
            assertEquals(0, mean, 1e-4, grid.channelName(c));
            assertEquals(1, squares / d.length - mean * mean, 1e-3, grid.channelName(c));
        }
    }

    @Test
    void constantImageGivesZerosNeverNaN() {
        FloatPlane grey = new FloatPlane(20, 20);
        Arrays.fill(grey.data(), 123f);
        FeatureGrid grid = encode(new BuiltinEncoder(), RasterImage.rgb(grey, grey, grey));
        for (int c = 0; c < grid.channelCount(); c++) {
            for (float v : grid.channel(c).data()) {
                assertEquals(0f, v, grid.channelName(c));
            }
        }
    }

    @Test
    void outputIsBitwiseTheSameWhateverTheThreadCount() {
        RasterImage image = discs(83, 67);
        FeatureGrid one = encode(new BuiltinEncoder(1, new ForkJoinPool(1)), image);
        FeatureGrid three = encode(new BuiltinEncoder(1, new ForkJoinPool(3)), image);
        FeatureGrid common = encode(new BuiltinEncoder(), image);
        for (int c = 0; c < one.channelCount(); c++) {
            assertArrayEquals(one.channel(c).data(), three.channel(c).data(), one.channelName(c));
            assertArrayEquals(one.channel(c).data(), common.channel(c).data(), one.channelName(c));
        }
    }

    @Test
    void greyImagesGetIntensityFeaturesAndANote() {
        FloatPlane grey = discs(64, 64).intensity();
        List<String> notes = new ArrayList<>();
        Progress progress = new Progress() {
            @Override
            public void report(String stage, double fraction) {}

            @Override
            public void note(String message) {
                notes.add(message);
            }
        };
        FeatureGrid grid = new BuiltinEncoder(2).encode(RasterImage.grey(grey), progress, CancelToken.none());
        assertEquals(List.of("grey image: using intensity features only"), notes);
        assertEquals(28, grid.channelCount());
        assertEquals(BuiltinEncoder.channelNames(false).get(0), grid.channelName(0));
        assertTrue(grid.channelName(0).startsWith("I/"));
        // darkness: the dark discs are high in the intensity plane
        FloatPlane gauss = grid.channel(BuiltinEncoder.channelNames(false).indexOf("I/gauss/s1"));
        assertTrue(gauss.get(DISCS[0][0] / 2, DISCS[0][1] / 2) > gauss.get(0, 0));
    }

    @Test
    void haematoxylinIsHigherInsideTheDiscs() {
        for (int stride : new int[] {1, 2}) {
            FeatureGrid grid = encode(new BuiltinEncoder(stride), discs(70, 64));
            FloatPlane h = grid.channel(BuiltinEncoder.channelNames(true).indexOf("H/gauss/s2"));
            double inside = 0, outside = 0;
            int nIn = 0, nOut = 0;
            float minInside = Float.POSITIVE_INFINITY, maxOutside = Float.NEGATIVE_INFINITY;
            for (int gy = 0; gy < grid.gridHeight(); gy++) {
                for (int gx = 0; gx < grid.gridWidth(); gx++) {
                    int x = gx * stride, y = gy * stride;
                    float v = h.get(gx, gy);
                    if (deepInside(x, y)) {
                        inside += v;
                        nIn++;
                        minInside = Math.min(minInside, v);
                    } else if (farOutside(x, y)) {
                        outside += v;
                        nOut++;
                        maxOutside = Math.max(maxOutside, v);
                    }
                }
            }
            assertTrue(inside / nIn > outside / nOut + 1, "stride " + stride + ": mean inside " + inside / nIn + ", outside " + outside / nOut);
            assertTrue(minInside > maxOutside, "stride " + stride + ": discs and background separate on H/gauss/s2");
        }
    }

    private static boolean deepInside(int x, int y) {
        for (int[] d : DISCS) {
            if ((x - d[0]) * (x - d[0]) + (y - d[1]) * (y - d[1]) <= 3 * 3) {
                return true;
            }
        }
        return false;
    }

    private static boolean farOutside(int x, int y) {
        for (int[] d : DISCS) {
            if ((x - d[0]) * (x - d[0]) + (y - d[1]) * (y - d[1]) <= 13 * 13) {
                return false;
            }
        }
        return true;
    }

    @Test
    void cancelledTokenStopsTheEncoder() {
        CancelToken cancelled = new CancelToken();
        cancelled.cancel();
        assertThrows(CancelToken.CancelledException.class, () -> new BuiltinEncoder().encode(discs(30, 30), Progress.NONE, cancelled));

        // cancelling while the encoder runs stops it at the next scale
        CancelToken token = new CancelToken();
        List<Double> fractions = new ArrayList<>();
        Progress cancelAfterFirstScale = (stage, fraction) -> {
            fractions.add(fraction);
            token.cancel();
        };
        assertThrows(CancelToken.CancelledException.class, () -> new BuiltinEncoder().encode(discs(30, 30), cancelAfterFirstScale, token));
        assertEquals(List.of(0.0), fractions);
    }

    @Test
    void progressRisesToOneAndTheInputIsUntouched() {
        RasterImage image = discs(40, 40);
        float[] before = image.channel(0).data().clone();
        List<Double> fractions = new ArrayList<>();
        new BuiltinEncoder().encode(image, (stage, fraction) -> fractions.add(fraction), CancelToken.none());
        assertEquals(13, fractions.size()); // 3 planes x 4 scales, then done
        for (int i = 1; i < fractions.size(); i++) {
            assertTrue(fractions.get(i) > fractions.get(i - 1));
        }
        assertEquals(1.0, fractions.get(fractions.size() - 1));
        assertArrayEquals(before, image.channel(0).data());
    }

    @Test
    void strideBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BuiltinEncoder(0));
        assertEquals("builtin-v1", new BuiltinEncoder().id());
    }
}
