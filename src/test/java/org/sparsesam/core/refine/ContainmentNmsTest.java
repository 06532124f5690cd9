package org.sparsesam.core.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.sparsesam.core.refine.Candidates.rect;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContainmentNmsTest {
    private static final ContainmentNms NMS = ContainmentNms.defaults();

    @Test
    void overlapIsTheLargerOfIouAndContainment() {
        MaskCandidate a = rect(0, 1, 0, 0, 9, 9);
        assertEquals(1.0, ContainmentNms.overlap(a, rect(1, 1, 0, 0, 9, 9)), 1e-12);
        // Shifted by 5: 50 shared of 100 each; IoU 50/150, containment 50/100.
        assertEquals(0.5, ContainmentNms.overlap(a, rect(1, 1, 5, 0, 14, 9)), 1e-12);
        // A 4x4 square inside: IoU 16/100 only, but it is wholly contained.
        assertEquals(1.0, ContainmentNms.overlap(a, rect(1, 1, 3, 3, 6, 6)), 1e-12);
        // Shifted by 2 in x and y: 8x8 = 64 shared; IoU 64/136 = 0.47, containment 0.64.
        assertEquals(0.64, ContainmentNms.overlap(a, rect(1, 1, 2, 2, 11, 11)), 1e-12);
        assertEquals(0.0, ContainmentNms.overlap(a, rect(1, 1, 10, 0, 19, 9)), 1e-12);
    }

    @Test
    void aDuplicateIsRemovedAndTheBetterScoredCopyKept() {
        List<MaskCandidate> c = List.of(rect(0, 0.6f, 0, 0, 9, 9), rect(1, 0.8f, 0, 0, 9, 9), rect(2, 0.7f, 30, 30, 39, 39));
        assertEquals(List.of(1, 2), NMS.select(c));
    }

    @Test
    void aNestedMaskIsRemovedWhateverItsIou() {
        // The nested mask scores lower: gone although its IoU with the big one is 0.16.
        assertEquals(List.of(0), NMS.select(List.of(rect(0, 0.9f, 0, 0, 9, 9), rect(1, 0.8f, 3, 3, 6, 6))));
        // The big mask that swallows a better nucleus is removed too: containment is symmetric.
        assertEquals(List.of(1), NMS.select(List.of(rect(0, 0.8f, 0, 0, 9, 9), rect(1, 0.9f, 3, 3, 6, 6))));
    }

    @Test
    void masksThatOverlapALittleAreKeptBestFirst() {
        // overlap 0.5: decay exp(-0.25 / 0.5) = 0.61 stays above 0.5
        assertEquals(List.of(1, 0), NMS.select(List.of(rect(0, 0.7f, 0, 0, 9, 9), rect(1, 0.9f, 5, 0, 14, 9))));
        // overlap 0.64: decay exp(-0.4096 / 0.5) = 0.44, below 0.5
        assertEquals(List.of(0), NMS.select(List.of(rect(0, 0.9f, 0, 0, 9, 9), rect(1, 0.8f, 2, 2, 11, 11))));
    }

    @Test
    void decayAccumulatesOverEveryBetterMask() {
        // The middle mask overlaps each neighbour by 0.5: once it would stay (0.61), twice it decays to 0.37.
        List<MaskCandidate> c = List.of(rect(0, 0.9f, 0, 0, 9, 9), rect(1, 0.8f, 5, 0, 14, 9), rect(2, 0.85f, 10, 0, 19, 9));
        assertEquals(List.of(0, 2), NMS.select(c));
        // Soft: the decayed score decides the order. B (0.9) decays to 0.9 * 0.61 = 0.55 next to A (1.0), below C (0.6).
        List<MaskCandidate> d = List.of(rect(0, 1.0f, 0, 0, 9, 9), rect(1, 0.9f, 5, 0, 14, 9), rect(2, 0.6f, 40, 0, 49, 9));
        assertEquals(List.of(0, 2, 1), NMS.select(d));
    }

    @Test
    void negativeOrMissingScoresCountAsZeroAndTiesGoToTheEarlierPrompt() {
        List<MaskCandidate> c = List.of(rect(0, -0.3f, 0, 0, 9, 9), rect(1, Float.NaN, 0, 0, 9, 9), rect(2, 0f, 20, 0, 29, 9));
        assertEquals(List.of(0, 2), NMS.select(c));
        assertEquals(List.of(), NMS.select(List.of()));
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new ContainmentNms(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new ContainmentNms(0.5, 1));
    }
}
