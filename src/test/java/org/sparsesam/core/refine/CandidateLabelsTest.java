package org.sparsesam.core.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sparsesam.core.refine.Candidates.rect;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.instance.LabelImage;

class CandidateLabelsTest {

    @Test
    void contestedPixelsGoToTheBetterRankedMaskAndLabelsFollowRasterOrder() {
        // Ranked: the right square first. They share columns 5..9; the left one's seed (its centre, x=5) is shared
        // too, so it is moved to x=2.
        MaskCandidate left = rect(1, 0.7f, 0, 0, 9, 9, 0.6f);
        left = new MaskCandidate(1, 0.7f, 2, 5, 0, 0, 10, 10, left.mask(), left.probability());
        CandidateLabels painted = CandidateLabels.paint(List.of(rect(0, 0.9f, 5, 0, 14, 9, 0.8f), left), 20, 10, 1);
        LabelImage labels = painted.labels();
        assertEquals(2, painted.accepted());
        assertEquals(0, painted.dropped());
        assertEquals(2, labels.maxLabel());
        assertEquals(1, labels.get(0, 0)); // raster order: the left object's first pixel comes first
        assertEquals(2, labels.get(5, 0)); // shared pixel: the better-ranked (right) mask
        assertEquals(2, labels.get(14, 9));
        assertEquals(0, labels.get(15, 0));
        assertEquals(0.8f, painted.probability().get(7, 3)); // the higher probability where both lie
        assertEquals(0.6f, painted.probability().get(2, 3));
        assertEquals(0f, painted.probability().get(17, 3));
    }

    @Test
    void aMaskLeftTooSmallIsDropped() {
        // The second mask keeps only columns 10..11 of its own: 2 x 10 = 20 pixels.
        List<MaskCandidate> ranked = List.of(rect(0, 0.9f, 0, 0, 9, 9), rect(1, 0.7f, 4, 0, 11, 9, 11, 5));
        assertEquals(2, CandidateLabels.paint(ranked, 20, 10, 20).accepted());
        CandidateLabels painted = CandidateLabels.paint(ranked, 20, 10, 21);
        assertEquals(1, painted.accepted());
        assertEquals(1, painted.dropped());
        assertEquals(1, painted.labels().maxLabel());
        assertEquals(0, painted.labels().get(11, 5));
    }

    @Test
    void aMaskWhoseSeedWentToABetterMaskIsDropped() {
        // The second mask's seed lies in the first one: its prompt pointed at that object. Most of it is its own.
        List<MaskCandidate> ranked = List.of(rect(0, 0.9f, 0, 0, 9, 9), rect(1, 0.7f, 5, 0, 14, 9, 7, 5));
        CandidateLabels painted = CandidateLabels.paint(ranked, 20, 10, 1);
        assertEquals(1, painted.accepted());
        assertEquals(1, painted.dropped());
        assertEquals(0, painted.labels().get(12, 5));
    }
}
