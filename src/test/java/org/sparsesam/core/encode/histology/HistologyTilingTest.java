package org.sparsesam.core.encode.histology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistologyTilingTest {

    @Test
    void aSideThatFitsIsOneTile() {
        assertEquals(List.of(new HistologyTiling.Span(0, 992, 0, 992)), new HistologyTiling(1024, 96).spans(992));
    }

    @Test
    void hand_computed_spans() {
        // 1056 px, core 832: the second tile is pushed back to end at the side, and keeps from 832 (96 px past its start + 704).
        assertEquals(List.of(new HistologyTiling.Span(0, 1024, 0, 832), new HistologyTiling.Span(32, 1024, 832, 1056)),
                new HistologyTiling(1024, 96).spans(1056));
    }

    /** For every padded length: the kept parts tile the side, and each kept cell is a margin from any cut. */
    @Test
    void keptPartsCoverTheSideOnceAwayFromCuts() {
        for (HistologyTiling tiling : List.of(new HistologyTiling(1024, 96), new HistologyTiling(256, 64), new HistologyTiling(64, 16))) {
            for (int padded = 32; padded <= 4096; padded += 32) {
                List<HistologyTiling.Span> spans = tiling.spans(padded);
                int next = 0;
                for (HistologyTiling.Span s : spans) {
                    assertEquals(next, s.keepFrom());
                    assertTrue(s.keepTo() > s.keepFrom());
                    assertTrue(s.start() >= 0 && s.start() + s.length() <= padded && s.start() % 2 == 0, s.toString());
                    assertTrue(s.start() == 0 || s.keepFrom() - s.start() >= tiling.margin(), s + " of " + padded);
                    assertTrue(s.start() + s.length() == padded || s.start() + s.length() - s.keepTo() >= tiling.margin(), s + " of " + padded);
                    next = s.keepTo();
                }
                assertEquals(padded, next);
            }
        }
    }

    @Test
    void misfitTilesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new HistologyTiling(128, 64));
        assertThrows(IllegalArgumentException.class, () -> new HistologyTiling(250, 64).checkedFor(32, 2));
        assertThrows(IllegalArgumentException.class, () -> new HistologyTiling(256, 63).checkedFor(32, 2));
    }
}
