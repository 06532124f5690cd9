package org.sparsesam.core.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.prompt.Point;

class MaskCandidateTest {

    /** Logits +2 on two separate blobs, -2 elsewhere: a ring (5x5 square with a hole) and a far 3x3 square. */
    private static FloatPlane logits() {
        FloatPlane p = new FloatPlane(20, 12);
        java.util.Arrays.fill(p.data(), -2f);
        for (int y = 2; y <= 6; y++) {
            for (int x = 2; x <= 6; x++) {
                p.set(x, y, (x == 4 && y == 4) ? -2f : 2f);
            }
        }
        for (int y = 7; y <= 9; y++) {
            for (int x = 14; x <= 16; x++) {
                p.set(x, y, 2f);
            }
        }
        return p;
    }

    @Test
    void keepsThePartThatHoldsThePromptWithHolesFilled() {
        MaskCandidate c = MaskCandidate.fromLogits(3, 0.8f, logits(), List.of(Point.fg(2, 3)));
        assertEquals(3, c.source());
        assertEquals(0.8f, c.score());
        assertEquals(2, c.x0());
        assertEquals(2, c.y0());
        assertEquals(5, c.width());
        assertEquals(5, c.height());
        assertEquals(25, c.area()); // 24 pixels above 0 plus the filled hole
        assertTrue(c.contains(4, 4));
        assertFalse(c.contains(15, 8)); // the other blob holds no prompt point
        assertEquals(2, c.seedX());
        assertEquals(3, c.seedY());
        assertEquals(1 / (1 + Math.exp(-2)), c.probability()[0], 1e-6);
        assertEquals(1 / (1 + Math.exp(2)), c.probability()[2 * 5 + 2], 1e-6); // the hole keeps its own probability
    }

    @Test
    void everyBlobHoldingAPromptPointIsKept() {
        MaskCandidate c = MaskCandidate.fromLogits(0, 0.5f, logits(), List.of(Point.fg(19, 0), Point.fg(15, 8), Point.fg(3, 3)));
        assertEquals(25 + 9, c.area());
        assertEquals(15, c.seedX()); // the first point inside the mask
        assertEquals(8, c.seedY());
        assertEquals(15, c.width());
    }

    @Test
    void logitsOverAWindowGiveTheSameCandidateInImageCoordinates() {
        FloatPlane full = logits();
        FloatPlane window = new FloatPlane(8, 9);
        for (int y = 0; y < 9; y++) {
            for (int x = 0; x < 8; x++) {
                window.set(x, y, full.get(1 + x, 1 + y));
            }
        }
        MaskCandidate a = MaskCandidate.fromLogits(0, 0.8f, full, List.of(Point.fg(3, 3)));
        MaskCandidate b = MaskCandidate.fromLogits(0, 0.8f, window, 1, 1, List.of(Point.fg(3, 3)));
        assertEquals(List.of(a.x0(), a.y0(), a.width(), a.height(), a.seedX(), a.seedY(), a.area()),
                List.of(b.x0(), b.y0(), b.width(), b.height(), b.seedX(), b.seedY(), b.area()));
        assertTrue(java.util.Arrays.equals(a.mask(), b.mask()) && java.util.Arrays.equals(a.probability(), b.probability()));
    }

    @Test
    void aMaskThatMissesEveryPromptPointIsNoCandidate() {
        assertNull(MaskCandidate.fromLogits(0, 0.9f, logits(), List.of(Point.fg(10, 10), Point.fg(4, 4))));
    }
}
