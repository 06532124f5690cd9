package org.sparsesam.core.instance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConnectedComponentsTest {

    @Test
    void checkerPixelsAreAllSeparateUnderFourButOneUnderEight() {
        // A 4x4 checkerboard has 8 foreground pixels touching only at corners.
        BinaryMask checker = Masks.parse(
                "#.#.",
                ".#.#",
                "#.#.",
                ".#.#");
        assertEquals(8, ConnectedComponents.label(checker, Connectivity.FOUR).maxLabel());
        assertEquals(1, ConnectedComponents.label(checker, Connectivity.EIGHT).maxLabel());
        assertEquals(1, ConnectedComponents.label(checker).maxLabel());
    }

    @Test
    void labelsFollowRasterOrderOfFirstPixel() {
        // The L-shaped object's first pixel (1,0) comes before the bar's (3,0) and the dot's (0,2).
        BinaryMask mask = Masks.parse(
                ".#.#",
                ".#.#",
                "###.",
                "....");
        LabelImage labels = ConnectedComponents.label(mask, Connectivity.FOUR);
        assertArrayEquals(new int[] {
                0, 1, 0, 2,
                0, 1, 0, 2,
                1, 1, 1, 0,
                0, 0, 0, 0}, labels.data());
        // Under 8-connectivity (2,2) touches (3,1) diagonally, so the bar joins the L.
        assertEquals(1, ConnectedComponents.label(mask, Connectivity.EIGHT).maxLabel());
    }

    @Test
    void areasCountPixelsPerLabelWithBackgroundAtZero() {
        BinaryMask mask = Masks.parse(
                "##..#",
                "##..#",
                ".....");
        LabelImage labels = ConnectedComponents.label(mask);
        assertArrayEquals(new long[] {9, 4, 2}, ConnectedComponents.areas(labels));
    }

    @Test
    void emptyMaskHasNoComponents() {
        LabelImage labels = ConnectedComponents.label(BinaryMask.empty(5, 3));
        assertEquals(0, labels.maxLabel());
        assertArrayEquals(new long[] {15}, ConnectedComponents.areas(labels));
    }
}
