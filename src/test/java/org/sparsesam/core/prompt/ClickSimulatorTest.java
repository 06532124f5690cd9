package org.sparsesam.core.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.core.prompt.ClickSimulator.ClickCounts;
import org.sparsesam.core.prompt.ClickSimulator.Clicks;
import org.sparsesam.core.prompt.ClickSimulator.Protocol;

class ClickSimulatorTest {
    private static final int W = 160, H = 120;

    /** Twelve discs of radius 6..11 on a grid, two of them touching each other, plus background. */
    private static LabelImage discs() {
        int[] l = new int[W * H];
        int label = 0;
        for (int gy = 0; gy < 3; gy++) {
            for (int gx = 0; gx < 4; gx++) {
                label++;
                drawDisc(l, 20 + gx * 40, 20 + gy * 40, 6 + (label % 6), label);
            }
        }
        // Object 13 touches object 1 on its right: the shared edge is a border for both.
        drawDisc(l, 20 + 14, 20, 6, 13);
        return new LabelImage(W, H, l);
    }

    private static void drawDisc(int[] l, int cx, int cy, int r, int label) {
        for (int y = cy - r; y <= cy + r; y++) {
            for (int x = cx - r; x <= cx + r; x++) {
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) {
                    l[y * W + x] = label;
                }
            }
        }
    }

    private static int labelAt(LabelImage objects, Point p) {
        return objects.get((int) p.x(), (int) p.y());
    }

    /** Every pixel closer than margin to p has p's label (and lies inside the image). */
    private static void assertClearOfBorder(LabelImage objects, Point p, int margin, int expectedLabel) {
        int px = (int) p.x(), py = (int) p.y();
        for (int y = py - margin; y <= py + margin; y++) {
            for (int x = px - margin; x <= px + margin; x++) {
                if ((x - px) * (x - px) + (y - py) * (y - py) < margin * margin) {
                    assertTrue(x >= 0 && y >= 0 && x < objects.width() && y < objects.height(), "near the image edge: " + p);
                    assertEquals(expectedLabel, objects.get(x, y), "pixel (" + x + "," + y + ") near click " + p);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void sameSeedGivesSamePoints(Protocol protocol) {
        ClickSimulator sim = new ClickSimulator(protocol, new ClickCounts(5, 5));
        LabelImage objects = discs();
        assertEquals(sim.simulate(objects, 42), sim.simulate(objects, 42));
    }

    @Test
    void differentSeedsGiveDifferentRandomPoints() {
        ClickSimulator sim = new ClickSimulator(Protocol.RANDOM, new ClickCounts(5, 5));
        assertNotEquals(sim.simulate(discs(), 1).points(), sim.simulate(discs(), 2).points());
    }

    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = {"RANDOM", "CENTROID"})
    void foregroundClicksSitInsideDistinctObjectsAwayFromBorders(Protocol protocol) {
        LabelImage objects = discs();
        int margin = 4;
        for (long seed = 1; seed <= 20; seed++) {
            Clicks clicks = new ClickSimulator(protocol, new ClickCounts(6, 0), margin, 5).simulate(objects, seed);
            assertEquals(6, clicks.points().size());
            Set<Integer> labels = new HashSet<>();
            for (Point p : clicks.points()) {
                assertTrue(p.isForeground());
                int label = labelAt(objects, p);
                assertTrue(label != 0, "click on background: " + p);
                assertTrue(labels.add(label), "two clicks on object " + label);
                assertClearOfBorder(objects, p, margin, label);
            }
            assertTrue(clicks.notes().isEmpty(), clicks.notes().toString());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = {"RANDOM", "CENTROID"})
    void backgroundClicksKeepTheMarginFromEveryObject(Protocol protocol) {
        LabelImage objects = discs();
        int margin = 7;
        for (long seed = 1; seed <= 20; seed++) {
            Clicks clicks = new ClickSimulator(protocol, new ClickCounts(0, 8), 3, margin).simulate(objects, seed);
            assertEquals(8, clicks.points().size());
            assertEquals(8, new HashSet<>(clicks.points()).size(), "background clicks repeat");
            for (Point p : clicks.points()) {
                assertTrue(!p.isForeground());
                int px = (int) p.x(), py = (int) p.y();
                for (int y = Math.max(0, py - margin); y <= Math.min(H - 1, py + margin); y++) {
                    for (int x = Math.max(0, px - margin); x <= Math.min(W - 1, px + margin); x++) {
                        if ((x - px) * (x - px) + (y - py) * (y - py) < margin * margin) {
                            assertEquals(0, objects.get(x, y), "object pixel within " + margin + " px of " + p);
                        }
                    }
                }
            }
        }
    }

    @Test
    void centroidClicksHitDiscCentres() {
        LabelImage objects = discs();
        Clicks clicks = new ClickSimulator(Protocol.CENTROID, new ClickCounts(12, 0)).simulate(objects, 3);
        // Discs 2..12 (except 1 and 13, whose shared edge is cut) are symmetric about integer centres.
        Set<Point> points = new HashSet<>(clicks.points());
        assertTrue(points.contains(Point.fg(60, 20)), points.toString());
        assertTrue(points.contains(Point.fg(140, 100)), points.toString());
    }

    @Test
    void centroidOutsideTheObjectIsSnappedInside() {
        // A ring: its centroid (20, 20) is in the hole.
        int[] l = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int d2 = (x - 20) * (x - 20) + (y - 20) * (y - 20);
                if (d2 <= 15 * 15 && d2 >= 7 * 7) {
                    l[y * W + x] = 1;
                }
            }
        }
        LabelImage ring = new LabelImage(W, H, l);
        Point p = new ClickSimulator(Protocol.CENTROID, new ClickCounts(1, 0), 2, 5).simulate(ring, 1).points().get(0);
        assertEquals(1, labelAt(ring, p));
        assertClearOfBorder(ring, p, 2, 1);
        // Mask-derived negatives use bounding-box centres that fall outside objects: the hole's centre.
        Clicks maskDerived = new ClickSimulator(Protocol.MASK_DERIVED, new ClickCounts(1, 1), 2, 5).simulate(ring, 1);
        assertEquals(Point.bg(20, 20), maskDerived.points().get(1));
    }

    @Test
    void fewerObjectsThanClicksUsesAllAndSaysSo() {
        LabelImage objects = new LabelImage(W, H);
        drawDisc(objects.data(), 30, 30, 8, 1);
        drawDisc(objects.data(), 90, 60, 8, 2);
        Clicks clicks = new ClickSimulator(Protocol.RANDOM, new ClickCounts(5, 0)).simulate(objects, 1);
        assertEquals(2, clicks.points().size());
        assertEquals(2, clicks.foregroundCount());
        assertEquals(1, clicks.notes().size());
        assertTrue(clicks.notes().get(0).contains("only 2 objects"), clicks.notes().get(0));
    }

    @Test
    void tinyObjectsGetTheirMostInteriorPixel() {
        LabelImage objects = new LabelImage(W, H);
        objects.data()[50 * W + 50] = 7;
        Clicks clicks = new ClickSimulator(Protocol.RANDOM, new ClickCounts(1, 0)).simulate(objects, 1);
        assertEquals(List.of(Point.fg(50, 50)), clicks.points());
        assertTrue(clicks.notes().get(0).contains("[7]"), clicks.notes().toString());
    }

    @Test
    void sliversAreClickedOnlyWhenThereAreNotEnoughWellFormedObjects() {
        LabelImage objects = new LabelImage(W, H);
        drawDisc(objects.data(), 40, 40, 10, 1);
        objects.data()[90 * W + 120] = 2;
        for (long seed = 1; seed <= 20; seed++) {
            Clicks one = new ClickSimulator(Protocol.RANDOM, new ClickCounts(1, 0)).simulate(objects, seed);
            assertEquals(1, labelAt(objects, one.points().get(0)), "seed " + seed);
            assertTrue(one.notes().isEmpty());
        }
        Clicks two = new ClickSimulator(Protocol.RANDOM, new ClickCounts(2, 0)).simulate(objects, 1);
        assertEquals(Set.of(1, 2), Set.of(labelAt(objects, two.points().get(0)), labelAt(objects, two.points().get(1))));
        assertEquals(1, two.notes().size());
    }

    @Test
    void maskDerivedSpreadsClicksOverSeparateObjects() {
        // Two distant squares: farthest-point sampling must put one click in each.
        LabelImage objects = new LabelImage(W, H);
        for (int y = 10; y < 30; y++) {
            for (int x = 10; x < 30; x++) {
                objects.data()[y * W + x] = 1;
                objects.data()[(y + 80) * W + x + 120] = 2;
            }
        }
        for (long seed = 1; seed <= 5; seed++) {
            Clicks clicks = new ClickSimulator(Protocol.MASK_DERIVED, new ClickCounts(2, 3)).simulate(objects, seed);
            List<Point> fg = clicks.points().stream().filter(Point::isForeground).toList();
            assertEquals(Set.of(1, 2), Set.of(labelAt(objects, fg.get(0)), labelAt(objects, fg.get(1))));
            for (Point p : fg) {
                assertClearOfBorder(objects, p, ClickSimulator.DEFAULT_INTERIOR_MARGIN, labelAt(objects, p));
            }
            assertEquals(3, clicks.backgroundCount());
            clicks.points().stream().filter(p -> !p.isForeground()).forEach(p -> assertEquals(0, labelAt(objects, p)));
        }
    }

    @Test
    void clickCountsParse() {
        assertEquals(new ClickCounts(5, 5), ClickCounts.parse("5:5"));
        assertEquals(new ClickCounts(5, 0), ClickCounts.parse(" 5:0 "));
        assertThrows(SparseSamException.class, () -> ClickCounts.parse("five"));
        assertThrows(SparseSamException.class, () -> ClickCounts.parse("0:0"));
        assertThrows(SparseSamException.class, () -> ClickCounts.parse("-1:2"));
        assertEquals(Protocol.MASK_DERIVED, Protocol.parse("mask-derived"));
        assertThrows(SparseSamException.class, () -> Protocol.parse("grid"));
    }
}
