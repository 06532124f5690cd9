package org.sparsesam.core.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryMorphologyTest {

    @Test
    void holesAreWhatFillHolesFillsEachWithItsOwnLabel() {
        BinaryMask mask = Masks.parse(
                "#####.###",
                "#.#.#.#.#",
                "#####.#.#",
                "......#.#",
                "###...###",
                "#.#......",
                "#.#......");
        LabelImage holes = BinaryMorphology.holes(mask);
        // two one-pixel holes in the first block and a 1x3 hole in the second; the bay open to the bottom is none
        assertEquals(3, holes.maxLabel());
        assertTrue(holes.get(1, 1) != holes.get(3, 1) && holes.get(1, 1) > 0 && holes.get(3, 1) > 0);
        assertEquals(holes.get(7, 1), holes.get(7, 3));
        assertEquals(0, holes.get(1, 5));
        assertEquals(BinaryMorphology.fillHoles(mask).count() - mask.count(), new BinaryMask(9, 7, holes.mask()).count());
    }

    @Test
    void fillHolesFillsARingButNotABayOpenToTheBorder() {
        BinaryMask mask = Masks.parse(
                "........",
                ".#####..",
                ".#...#..",
                ".#...#..",
                ".#####..",
                "........",
                "###.....",
                "#.#.....");
        BinaryMask filled = BinaryMorphology.fillHoles(mask);
        // The ring's 3x2 inside becomes foreground; the bay at (1,7) touches the bottom edge and stays empty.
        assertEquals(mask.count() + 6, filled.count());
        assertTrue(filled.get(2, 2) && filled.get(4, 3));
        assertFalse(filled.get(1, 7));
        assertFalse(filled.get(0, 0));
    }

    @Test
    void aHoleSealedOnlyDiagonallyIsStillAHole() {
        // Background is 4-connected: the centre cannot leak out through the diagonal gaps of this diamond.
        BinaryMask mask = Masks.parse(
                ".....",
                "..#..",
                ".#.#.",
                "..#..",
                ".....");
        assertTrue(BinaryMorphology.fillHoles(mask).get(2, 2));
    }

    @Test
    void removeSmallDropsOnlyObjectsUnderTheArea() {
        BinaryMask mask = Masks.parse(
                "##...#",
                "##....",
                "....##");
        BinaryMask kept = BinaryMorphology.removeSmall(mask, 3);
        assertEquals(Masks.parse(
                "##....",
                "##....",
                "......"), kept);
        assertEquals(mask, BinaryMorphology.removeSmall(mask, 1));
    }

    @Test
    void erodeAndDilateEqualBruteForceDiscs() {
        Random random = new Random(7);
        for (int trial = 0; trial < 30; trial++) {
            int w = 3 + random.nextInt(18), h = 3 + random.nextInt(18);
            BinaryMask mask = Masks.random(w, h, trial % 2 == 0 ? 0.3 : 0.8, random);
            double r = new double[] {0, 1, 1.5, 2, 3.2}[trial % 5];
            assertEquals(bruteForce(mask, r, true), BinaryMorphology.erode(mask, r), "erode trial " + trial);
            assertEquals(bruteForce(mask, r, false), BinaryMorphology.dilate(mask, r), "dilate trial " + trial);
        }
    }

    @Test
    void dilatingAPixelByRadiusOneGivesAPlus() {
        BinaryMask mask = Masks.parse("...", ".#.", "...");
        assertEquals(Masks.parse(".#.", "###", ".#."), BinaryMorphology.dilate(mask, 1));
        assertEquals(Masks.parse("###", "###", "###"), BinaryMorphology.dilate(mask, Math.sqrt(2)));
    }

    @Test
    void openingRemovesAThinLineAndClosingBridgesANarrowGap() {
        BinaryMask blobAndLine = BinaryMask.empty(30, 15);
        Masks.rectangle(blobAndLine, 2, 2, 10, 10);
        Masks.rectangle(blobAndLine, 11, 6, 27, 6);  // a 1-px line sticking out of the square
        BinaryMask opened = BinaryMorphology.open(blobAndLine, 2);
        assertFalse(opened.get(20, 6));
        assertTrue(opened.get(6, 6));

        BinaryMask twoBars = BinaryMask.empty(20, 9);
        Masks.rectangle(twoBars, 1, 2, 8, 6);
        Masks.rectangle(twoBars, 11, 2, 18, 6);  // a gap of 2 px at x = 9, 10
        BinaryMask closed = BinaryMorphology.close(twoBars, 2);
        assertTrue(closed.get(9, 4) && closed.get(10, 4));
        assertEquals(1, ConnectedComponents.label(closed).maxLabel());
    }

    @Test
    void anObjectCutByTheEdgeIsNotErodedFromTheEdge() {
        BinaryMask mask = BinaryMask.empty(10, 10);
        Masks.rectangle(mask, 0, 0, 9, 4);  // the top half, cut by three edges
        BinaryMask eroded = BinaryMorphology.erode(mask, 2);
        assertTrue(eroded.get(0, 0) && eroded.get(9, 2));
        assertFalse(eroded.get(5, 3));
    }

    /** Erosion: the whole disc in the foreground (outside counts as foreground); dilation: any of it. */
    private static BinaryMask bruteForce(BinaryMask mask, double r, boolean erode) {
        int w = mask.width(), h = mask.height();
        int reach = (int) Math.ceil(r);
        boolean[] out = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean all = true, any = false;
                for (int dy = -reach; dy <= reach; dy++) {
                    for (int dx = -reach; dx <= reach; dx++) {
                        if (dx * dx + dy * dy > r * r) {
                            continue;
                        }
                        int nx = x + dx, ny = y + dy;
                        boolean inside = nx >= 0 && ny >= 0 && nx < w && ny < h;
                        boolean fg = inside ? mask.get(nx, ny) : erode;
                        all &= fg;
                        any |= fg;
                    }
                }
                out[y * w + x] = erode ? all : any;
            }
        }
        return new BinaryMask(w, h, out);
    }

    @Test
    void spanFillingFillsWhatAPixelFloodFromTheBorderLeaves() {
        // Random specks and rings, dense enough to make many holes, winding bays and holes inside objects inside holes.
        Random random = new Random(11);
        for (int round = 0; round < 20; round++) {
            int w = 20 + random.nextInt(60), h = 20 + random.nextInt(60);
            boolean[] m = new boolean[w * h];
            for (int i = 0; i < m.length; i++) {
                m[i] = random.nextDouble() < 0.3 + 0.02 * round;
            }
            BinaryMask mask = new BinaryMask(w, h, m);
            org.junit.jupiter.api.Assertions.assertArrayEquals(floodFromBorder(mask), BinaryMorphology.fillHoles(mask).data(), "round " + round);
        }
    }

    /** The definition, pixel by pixel: background 4-connected to the border stays; everything else is filled. */
    private static boolean[] floodFromBorder(BinaryMask mask) {
        int w = mask.width(), h = mask.height();
        boolean[] fg = mask.data(), outside = new boolean[fg.length];
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
        for (int i = 0; i < fg.length; i++) {
            int x = i % w, y = i / w;
            if (!fg[i] && (x == 0 || y == 0 || x == w - 1 || y == h - 1)) {
                outside[i] = true;
                queue.add(i);
            }
        }
        while (!queue.isEmpty()) {
            int p = queue.poll(), x = p % w, y = p / w;
            int[][] steps = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
            for (int[] s : steps) {
                int nx = x + s[0], ny = y + s[1];
                if (nx >= 0 && ny >= 0 && nx < w && ny < h && !fg[ny * w + nx] && !outside[ny * w + nx]) {
                    outside[ny * w + nx] = true;
                    queue.add(ny * w + nx);
                }
            }
        }
        boolean[] filled = new boolean[fg.length];
        for (int i = 0; i < fg.length; i++) {
            filled[i] = !outside[i];
        }
        return filled;
    }
}
