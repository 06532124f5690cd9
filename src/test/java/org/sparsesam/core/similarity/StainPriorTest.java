package org.sparsesam.core.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.image.Filters;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.prompt.Point;

class StainPriorTest {

    /** Grey image: dark = foreground under the "darkness" candidates. */
    private static RasterImage grey(FloatPlane p) {
        return RasterImage.grey(p);
    }

    @Test
    void smallDarkDotsClickedAtTheirCentresGetTheFinestScale() {
        // Dark 5x5 dots every 20 px on a light background: fine structures, perfectly separated at sigma 1.5.
        FloatPlane p = new FloatPlane(120, 120);
        for (int i = 0; i < p.data().length; i++) {
            p.data()[i] = 220;
        }
        for (int cy = 10; cy < 120; cy += 20) {
            for (int cx = 10; cx < 120; cx += 20) {
                for (int y = cy - 2; y <= cy + 2; y++) {
                    for (int x = cx - 2; x <= cx + 2; x++) {
                        p.set(x, y, 40);
                    }
                }
            }
        }
        List<Point> clicks = List.of(Point.fg(10, 10), Point.fg(50, 30), Point.fg(90, 70),
                Point.bg(20, 20), Point.bg(60, 40), Point.bg(100, 80));
        StainPrior prior = StainPrior.choose(StainScales.of(grey(p)), clicks);
        assertEquals(1.0, prior.ranking(), 1e-12);
        assertEquals(StainScales.SIGMAS[0], prior.candidate().sigma());
        assertEquals(1, prior.candidate().polarity());
        assertTrue(prior.probability().get(10, 10) > 0.9f && prior.probability().get(20, 20) < 0.1f);
    }

    @Test
    void largeRegionsMadeOfDarkSpecklesGetACoarseScale() {
        // Left half: "gland" made of sparse dark specks on a mid background; right half: uniform mid grey.
        // A foreground click between specks is lighter than the background at fine scale and darker only
        // once the specks are averaged: the fine scales misorder the pairs, a coarse one orders them all.
        FloatPlane p = new FloatPlane(160, 80);
        Random random = new Random(3);
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 160; x++) {
                p.set(x, y, x < 80 ? 200 : 170);
            }
        }
        for (int k = 0; k < 400; k++) {
            int x = random.nextInt(78), y = random.nextInt(80);
            p.set(x, y, 0);
            p.set(x + 1, y, 0);
        }
        List<Point> clicks = List.of(Point.fg(20.5, 20.5), Point.fg(40.5, 60.5), Point.fg(60.5, 40.5),
                Point.bg(100.5, 20.5), Point.bg(120.5, 60.5), Point.bg(140.5, 40.5));
        // pick foreground clicks that sit on the light gaps, as the story requires
        List<Point> onGaps = clicks.stream().map(c -> c.isForeground() ? nearestLight(p, c) : c).toList();
        StainPrior prior = StainPrior.choose(StainScales.of(grey(p)), onGaps);
        assertEquals(1.0, prior.ranking(), 1e-12);
        assertTrue(prior.candidate().sigma() >= 3, "chose " + prior.name());
        assertTrue(prior.probability().get(30, 30) > 0.5f && prior.probability().get(130, 30) < 0.5f);
    }

    /** Mid-grey 150 with dark (60) and bright (240) discs of radius 6 and one slightly darker (130) patch. */
    private static FloatPlane darkAndBrightSpots() {
        FloatPlane p = new FloatPlane(200, 120);
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 200; x++) {
                p.set(x, y, 150);
                for (int k = 0; k < 4; k++) {
                    if (Math.hypot(x - (25 + 50 * k), y - 30) <= 6) {
                        p.set(x, y, 60);
                    }
                    if (Math.hypot(x - (25 + 50 * k), y - 90) <= 6) {
                        p.set(x, y, 240);
                    }
                }
                if (Math.abs(x - 100) <= 4 && Math.abs(y - 60) <= 4) {
                    p.set(x, y, 130);
                }
            }
        }
        return p;
    }

    @Test
    void aPaleReadingThatRanksOnlyAFewPairsBetterDoesNotWinOverTheStainDenseOne() {
        // Two foreground clicks on dark spots, two on bright ones, one on plain background; one background click
        // on the slightly darker patch. The pale reading orders one pair more (13 of 25 against 12), far less than
        // one foreground click's share (5 of 25): the clicks do not ask for pale structures.
        FloatPlane p = darkAndBrightSpots();
        List<Point> clicks = List.of(Point.fg(25, 30), Point.fg(75, 30), Point.fg(25, 90), Point.fg(75, 90), Point.fg(175, 60),
                Point.bg(100, 60), Point.bg(10, 10), Point.bg(50, 60), Point.bg(150, 110), Point.bg(190, 40));
        List<StainPrior> all = StainPrior.candidates(StainScales.of(grey(p)), clicks);
        double dense = all.stream().filter(c -> c.candidate().polarity() > 0).mapToDouble(StainPrior::ranking).max().orElseThrow();
        double pale = all.stream().filter(c -> c.candidate().polarity() < 0).mapToDouble(StainPrior::ranking).max().orElseThrow();
        assertTrue(pale > dense && pale < dense + 0.2, "pale " + pale + ", dense " + dense);
        assertEquals(1, StainPrior.choose(StainScales.of(grey(p)), clicks).candidate().polarity());
    }

    @Test
    void thePaleReadingWinsWhenMostForegroundClicksAskForIt() {
        FloatPlane p = darkAndBrightSpots();
        List<Point> background = List.of(Point.bg(10, 10), Point.bg(50, 60), Point.bg(150, 110), Point.bg(190, 40), Point.bg(120, 10));
        List<Point> threeOfFive = new java.util.ArrayList<>(List.of(Point.fg(25, 90), Point.fg(75, 90), Point.fg(125, 90),
                Point.fg(25, 30), Point.fg(75, 30)));
        threeOfFive.addAll(background);
        assertEquals(-1, StainPrior.choose(StainScales.of(grey(p)), threeOfFive).candidate().polarity());
        List<Point> oneOnFat = new java.util.ArrayList<>(List.of(Point.fg(175, 90)));
        oneOnFat.addAll(background);
        StainPrior single = StainPrior.choose(StainScales.of(grey(p)), oneOnFat);
        assertEquals(-1, single.candidate().polarity());
        assertEquals(1.0, single.ranking(), 1e-12);
    }

    private static Point nearestLight(FloatPlane p, Point c) {
        for (int r = 0; r < 10; r++) {
            for (int dy = -r; dy <= r; dy++) {
                for (int dx = -r; dx <= r; dx++) {
                    int x = (int) c.x() + dx, y = (int) c.y() + dy;
                    if (p.get(x, y) == 200 && p.get(x - 1, y) == 200 && p.get(x + 1, y) == 200
                            && p.get(x, y - 1) == 200 && p.get(x, y + 1) == 200) {
                        return Point.fg(x + 0.5, y + 0.5);
                    }
                }
            }
        }
        throw new AssertionError("no light gap near " + c);
    }

    @Test
    void equallyRankedStainsAreTiedByHowFarTheClicksLieOnTheirSides() {
        // Two planes at the same scale, both ordering every (foreground, background) pair: on the first the clicks
        // sit just either side of the threshold (0.05 of a spread of 0.5: margin 0.1), on the second a whole spread
        // away (margin 1). The second wins although it is listed second (a fixed order used to decide ties).
        FloatPlane near = new FloatPlane(40, 10), far = new FloatPlane(40, 10);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 40; x++) {
                near.set(x, y, x < 20 ? 0.55f : 0.45f);
                far.set(x, y, x < 20 ? 1f : 0f);
            }
        }
        StainScales scales = new StainScales(List.of(new StainScales.Candidate("near", 1.5, near, 1, 0.5f, 0.5f),
                new StainScales.Candidate("far", 1.5, far, 1, 0.5f, 0.5f)));
        List<Point> clicks = List.of(Point.fg(5, 5), Point.fg(10, 5), Point.bg(25, 5), Point.bg(30, 5));
        List<StainPrior> scored = StainPrior.candidates(scales, clicks);
        assertEquals(1.0, scored.get(0).ranking(), 1e-12);
        assertEquals(1.0, scored.get(1).ranking(), 1e-12);
        assertEquals(0.1, scored.get(0).margin(), 1e-6);
        assertEquals(1.0, scored.get(1).margin(), 1e-6);
        assertEquals("far", StainPrior.choose(scales, clicks).candidate().stain());
    }

    @Test
    void aStainThatOrdersOnePairMoreDoesNotWinOverOneThatSeparatesTheClicksFarMoreClearly() {
        // Four foreground and four background clicks (16 pairs), each in a block of 10 columns. "Barely" orders
        // all 16 pairs with every click a tenth of a spread from its threshold; "clearly" misses one pair (a
        // background click darker than one foreground click) but puts the other clicks two spreads away. Both rank
        // within the tolerance at the same scale, so the margin decides, not the one pair.
        float[] barely = {2.7f, 2.7f, 2.7f, 2.7f, 2.3f, 2.3f, 2.3f, 2.3f};
        float[] clearly = {7, 7, 7, 3, 0, 0, 0, 4};
        StainScales scales = new StainScales(List.of(candidate("barely", 1.5, barely), candidate("clearly", 1.5, clearly)));
        List<Point> clicks = blockClicks();
        List<StainPrior> scored = StainPrior.candidates(scales, clicks);
        assertEquals(1.0, scored.get(0).ranking(), 1e-12);
        assertEquals(15 / 16.0, scored.get(1).ranking(), 1e-12);
        assertTrue(scored.get(1).margin() > scored.get(0).margin() + 0.5, scored.toString());
        assertEquals("clearly", StainPrior.choose(scales, clicks).candidate().stain());
    }

    @Test
    void withForegroundClicksOnlyTheFirstListedStainAtTheFinestScaleIsKept() {
        // Nothing to rank and no contrast without background clicks: that the clicks lie further above the second
        // stain's threshold says nothing (nuclei lie above the eosin threshold too), so the list's order decides.
        float[] first = {2.6f, 2.6f, 2.6f, 2.6f, 0, 0, 0, 0};
        float[] second = {6, 6, 6, 6, 0, 0, 0, 0};
        StainScales scales = new StainScales(List.of(candidate("first", 1.5, first), candidate("second", 1.5, second),
                candidate("second", 6, second)));
        List<Point> foregroundOnly = blockClicks().subList(0, 4);
        StainPrior chosen = StainPrior.choose(scales, foregroundOnly);
        assertEquals(0, chosen.ranking());
        assertEquals(0, chosen.margin());
        assertEquals("first", chosen.candidate().stain());
        assertEquals(1.5, chosen.candidate().sigma());
    }

    /** Four foreground clicks, then four background ones, one in the middle of each block of {@link #candidate}. */
    private static List<Point> blockClicks() {
        List<Point> clicks = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            clicks.add(i < 4 ? Point.fg(10 * i + 5, 2) : Point.bg(10 * i + 5, 2));
        }
        return clicks;
    }

    /** A plane of 8 blocks of 10 columns holding {@code blocks}, thresholded at 2.5 with a spread of 2. */
    private static StainScales.Candidate candidate(String stain, double sigma, float[] blocks) {
        FloatPlane p = new FloatPlane(10 * blocks.length, 4);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < p.width(); x++) {
                p.set(x, y, blocks[x / 10]);
            }
        }
        return new StainScales.Candidate(stain, sigma, p, 1, 2.5f, 2f);
    }

    @Test
    void rankingCountsCorrectlyOrderedPairs() {
        // Values along x are x itself (after negation the darkness plane ranks by -x): fg clicks at x = 10, 30,
        // bg clicks at x = 20, 40 on an increasing ramp of darkness: pairs (fg, bg) ordered fg > bg in darkness
        // where fg x > bg x: (30, 20) only, 1 of 4, so the inverted candidate orders 3 of 4.
        FloatPlane p = new FloatPlane(60, 20);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 60; x++) {
                p.set(x, y, 250 - 4 * x);
            }
        }
        List<Point> clicks = List.of(Point.fg(10, 10), Point.fg(30, 10), Point.bg(20, 10), Point.bg(40, 10));
        StainPrior prior = StainPrior.choose(StainScales.of(grey(p)), clicks);
        assertEquals(0.75, prior.ranking(), 1e-9);
        assertEquals(-1, prior.candidate().polarity());
    }

    @Test
    void pooledSmoothingMatchesFullResolutionSmoothing() {
        FloatPlane p = new FloatPlane(200, 150);
        Random random = new Random(5);
        for (int i = 0; i < p.data().length; i++) {
            p.data()[i] = random.nextFloat() * 255;
        }
        Filters filters = new Filters();
        FloatPlane coarse = new Filters().gaussian(p, 2);  // a plane with structure at several scales
        for (double sigma : new double[] {6, 12, 24}) {
            FloatPlane exact = filters.gaussian(coarse, sigma);
            FloatPlane pooled = StainScales.smooth(filters, coarse, sigma);
            double maxDiff = 0;
            // away from the borders, where mirrored padding and pooled edge cells differ
            int m = (int) (2 * sigma);
            for (int y = m; y < p.height() - m; y++) {
                for (int x = m; x < p.width() - m; x++) {
                    maxDiff = Math.max(maxDiff, Math.abs(exact.get(x, y) - pooled.get(x, y)));
                }
            }
            // the input's spread after sigma-2 smoothing is about 255/sqrt(12)/(2*sqrt(pi)*2) ~ 10 grey levels
            assertTrue(maxDiff < 0.5, "sigma " + sigma + ": max difference " + maxDiff);
        }
    }
}
