package org.sparsesam.core.tile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.encode.BuiltinEncoder;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.core.prompt.Point;

/**
 * A tiled run against the untiled run of the same image (small enough for both): discs placed exactly across the tile
 * cores' borders and on their corners must each be found once and whole, and everything else must agree.
 */
class TiledSegmentationTest {
    static final int SIDE = 480;
    /** Tiles of 448 px with the 144 px margin that discs of radius 7 get (112 + 4 x 7, rounded up to 16): cores of 160. */
    static final int TILE = 448, CORE = 160;
    static final double RADIUS = 7;
    private static final float[] STROMA = {232, 170, 205}, NUCLEUS = {105, 60, 150};

    static RasterImage image;
    static LabelImage truth;
    static List<double[]> discs = new ArrayList<>();
    static SegmentResult untiled, tiled;
    static List<String> tiledNotes;

    @BeforeAll
    static void segmentBothWays() {
        // on the core borders (x or y = 160, 320), on their crossings, and a few well inside the cores
        for (int b = CORE; b < SIDE; b += CORE) {
            for (int along = 40; along < SIDE; along += 80) {
                discs.add(new double[] {b, along + (b == 2 * CORE ? 20 : 0)});
                discs.add(new double[] {along + (b == 2 * CORE ? 40 : 0) + 20, b});
            }
        }
        discs.removeIf(d -> d[0] > SIDE - RADIUS - 3 || d[1] > SIDE - RADIUS - 3);
        discs.removeIf(d -> discs.stream().anyMatch(e -> e != d && discs.indexOf(e) < discs.indexOf(d)
                && Math.hypot(e[0] - d[0], e[1] - d[1]) < 2 * RADIUS + 6));
        for (int[] crossing : new int[][] {{CORE, CORE}, {2 * CORE, 2 * CORE}, {CORE, 2 * CORE}, {2 * CORE, CORE}}) {
            discs.removeIf(d -> Math.hypot(crossing[0] - d[0], crossing[1] - d[1]) < 2 * RADIUS + 6);
            discs.add(new double[] {crossing[0], crossing[1]});
        }
        discs.add(new double[] {80, 80});
        discs.add(new double[] {400, 240});
        paint();
        List<Point> clicks = List.of(Point.fg(80, 80), Point.fg(400, 240), Point.fg(CORE, CORE), Point.fg(CORE, 40),
                Point.fg(2 * CORE, 2 * CORE), Point.bg(120, 130), Point.bg(30, 300), Point.bg(450, 450), Point.bg(250, 50),
                Point.bg(300, 400));
        untiled = segment(clicks, 0);
        tiled = segment(clicks, TILE);
        tiledNotes = tiled.notes();
    }

    static SegmentResult segment(List<Point> clicks, int tileSize) {
        try (SparseSam sam = new SparseSam(SegmentOptions.builder().tileSize(tileSize).build(), new BuiltinEncoder())) {
            return sam.segment(image, clicks, Progress.NONE, CancelToken.none());
        }
    }

    private static void paint() {
        int[] labels = new int[SIDE * SIDE];
        FloatPlane[] rgb = {new FloatPlane(SIDE, SIDE), new FloatPlane(SIDE, SIDE), new FloatPlane(SIDE, SIDE)};
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < labels.length; i++) {
            int x = i % SIDE, y = i / SIDE;
            for (int d = 0; d < discs.size(); d++) {
                if (Math.hypot(x - discs.get(d)[0], y - discs.get(d)[1]) <= RADIUS) {
                    labels[i] = d + 1;
                }
            }
            float[] base = labels[i] != 0 ? NUCLEUS : STROMA;
            double noise = random.nextGaussian() * 8;
            for (int c = 0; c < 3; c++) {
                rgb[c].data()[i] = (float) Math.max(0, Math.min(255, Math.round(base[c] + noise)));
            }
        }
        image = RasterImage.rgb(rgb[0], rgb[1], rgb[2]);
        truth = new LabelImage(SIDE, SIDE, labels);
    }

    @Test
    void theRunIsTiledAsPlanned() {
        assertTrue(tiledNotes.get(0).contains("segmented in 9 tiles (cores of " + CORE + " px"), tiledNotes.get(0));
        assertTrue(untiled.notes().stream().noneMatch(n -> n.contains("tiles")), untiled.notes().toString());
        long onBorders = discs.stream().filter(d -> d[0] % CORE == 0 || d[1] % CORE == 0).count();
        assertTrue(onBorders >= 12, "discs across borders: " + onBorders);
    }

    @Test
    void everyDiscIsFoundExactlyOnceAndWhole() {
        LabelImage labels = tiled.labels();
        for (int d = 0; d < discs.size(); d++) {
            int label = labels.get((int) discs.get(d)[0], (int) discs.get(d)[1]);
            assertTrue(label > 0, "disc at " + discs.get(d)[0] + "," + discs.get(d)[1] + " missed");
            assertTrue(iou(truth, d + 1, labels, label) > 0.8, "disc " + d + " IoU " + iou(truth, d + 1, labels, label));
        }
        assertEquals(discs.size(), tiled.count(), "objects found");
    }

    @Test
    void tiledEqualsUntiled() {
        assertEquals(untiled.count(), tiled.count());
        LabelImage a = untiled.labels(), b = tiled.labels();
        int[] la = a.data(), lb = b.data();
        for (int i = 0; i < la.length; i++) {
            if (la[i] != 0) {
                int other = lb[i];
                assertTrue(other > 0 && iou(a, la[i], b, other) > 0.98, "object " + la[i] + " differs");
            }
        }
        float[] pa = untiled.probability().data(), pb = tiled.probability().data();
        double worst = 0;
        for (int i = 0; i < pa.length; i++) {
            worst = Math.max(worst, Math.abs(pa[i] - pb[i]));
        }
        // the same statistics, summed in another order, and the same filters: float rounding only
        assertTrue(worst < 1e-3, "largest probability difference " + worst);
    }

    /**
     * A background click on a disc no foreground click is on takes that disc out, tiled as untiled: the disc lies
     * across a core border, so both tiles that see it must leave it out.
     */
    @Test
    void aDiscUnderABackgroundClickIsLeftOutBothWays() {
        List<Point> clicked = List.of(Point.fg(80, 80), Point.fg(400, 240), Point.fg(CORE, CORE), Point.fg(CORE, 40), Point.fg(2 * CORE, 2 * CORE));
        double[] disc = discs.stream().filter(d -> (d[0] == CORE || d[1] == CORE)
                && clicked.stream().noneMatch(c -> Math.hypot(c.x() - d[0], c.y() - d[1]) < 3 * RADIUS)).findFirst().orElseThrow();
        List<Point> clicks = List.of(Point.fg(80, 80), Point.fg(400, 240), Point.fg(CORE, CORE), Point.fg(CORE, 40),
                Point.fg(2 * CORE, 2 * CORE), Point.bg(120, 130), Point.bg(30, 300), Point.bg(450, 450), Point.bg(250, 50),
                Point.bg(disc[0], disc[1]));
        assertTrue(untiled.labels().get((int) disc[0], (int) disc[1]) > 0, "the disc is found without that click");
        SegmentResult whole = segment(clicks, 0), inTiles = segment(clicks, TILE);
        assertEquals(0, whole.labels().get((int) disc[0], (int) disc[1]));
        assertEquals(0, inTiles.labels().get((int) disc[0], (int) disc[1]));
        assertEquals(whole.count(), inTiles.count());
        assertTrue(whole.notes().stream().anyMatch(n -> n.contains("1 object(s) under background clicks left out")), whole.notes().toString());
    }

    /** The other statistics: a grey image's range, and the similarity threshold that foreground-only clicks need. */
    @Test
    void aGreyImageWithForegroundClicksOnlyAlsoMatches() {
        RasterImage grey = RasterImage.grey(image.intensity());
        List<Point> foregroundOnly = List.of(Point.fg(80, 80), Point.fg(400, 240), Point.fg(CORE, CORE), Point.fg(CORE, 40),
                Point.fg(2 * CORE, 2 * CORE));
        SegmentResult whole, inTiles;
        try (SparseSam sam = new SparseSam(SegmentOptions.defaults(), new BuiltinEncoder())) {
            whole = sam.segment(grey, foregroundOnly, Progress.NONE, CancelToken.none());
        }
        try (SparseSam sam = new SparseSam(SegmentOptions.builder().tileSize(TILE).build(), new BuiltinEncoder())) {
            inTiles = sam.segment(grey, foregroundOnly, Progress.NONE, CancelToken.none());
        }
        assertTrue(inTiles.notes().get(0).contains("9 tiles"), inTiles.notes().toString());
        assertEquals(whole.count(), inTiles.count());
        assertTrue(whole.count() >= discs.size() - 2, "the grey run finds the discs: " + whole.count());
        float[] pa = whole.probability().data(), pb = inTiles.probability().data();
        double worst = 0;
        for (int i = 0; i < pa.length; i++) {
            worst = Math.max(worst, Math.abs(pa[i] - pb[i]));
        }
        assertTrue(worst < 1e-3, "largest probability difference " + worst);
    }

    static double iou(LabelImage a, int la, LabelImage b, int lb) {
        long inter = 0, union = 0;
        for (int i = 0; i < a.data().length; i++) {
            boolean x = a.data()[i] == la, y = b.data()[i] == lb;
            inter += x && y ? 1 : 0;
            union += x || y ? 1 : 0;
        }
        return union == 0 ? 0 : inter / (double) union;
    }
}
