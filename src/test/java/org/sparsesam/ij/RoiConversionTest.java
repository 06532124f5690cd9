package org.sparsesam.ij;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ij.gui.Roi;
import java.awt.Rectangle;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.instance.LabelImage;

class RoiConversionTest {

    /** Draws the shapes that trip up outline tracing: a ring, border contacts, a lone pixel, a diagonal pair. */
    private static LabelImage awkwardShapes() {
        int w = 20, h = 12;
        LabelImage labels = new LabelImage(w, h);
        int[] d = labels.data();
        for (int y = 2; y <= 8; y++) {           // 1: 7x7 ring with a 3x3 hole
            for (int x = 2; x <= 8; x++) {
                boolean hole = x >= 4 && x <= 6 && y >= 4 && y <= 6;
                d[y * w + x] = hole ? 0 : 1;
            }
        }
        d[5 * w + 5] = 2;                         // 2: single pixel inside the ring's hole
        for (int y = 0; y < h; y++) {             // 3: column along the right border, touching top and bottom
            d[y * w + 19] = 3;
        }
        for (int x = 0; x < 4; x++) {             // 4: row on the top-left border
            d[x] = 4;
        }
        d[10 * w + 10] = 5;                       // 5: two pixels touching only at a corner
        d[11 * w + 11] = 5;
        d[11 * w] = 6;                            // 6: single pixel in the bottom-left corner
        return labels;
    }

    @Test
    void roundTripIsExactForHolesBordersAndSinglePixels() {
        LabelImage labels = awkwardShapes();
        List<Roi> rois = RoiConversion.labelsToRois(labels, "t");
        assertEquals(6, rois.size());
        LabelImage back = RoiConversion.roisToLabels(rois, labels.width(), labels.height());
        assertArrayEquals(labels.data(), back.data());
    }

    @Test
    void roisAreInImageCoordinatesAndNamedByLabel() {
        List<Roi> rois = RoiConversion.labelsToRois(awkwardShapes(), "7");
        assertEquals(new Rectangle(2, 2, 7, 7), rois.get(0).getBounds());
        assertEquals(new Rectangle(5, 5, 1, 1), rois.get(1).getBounds());
        assertEquals(new Rectangle(19, 0, 1, 12), rois.get(2).getBounds());
        assertEquals(new Rectangle(10, 10, 2, 2), rois.get(4).getBounds());
        assertEquals("SparseSAM-7-0001", rois.get(0).getName());
        assertEquals("SparseSAM-7-0006", rois.get(5).getName());
    }

    @Test
    void roundTripIsExactForFragmentedRandomLabels() {
        // Salt-and-pepper labels: every label is scattered, holed and corner-connected everywhere.
        int w = 37, h = 29;
        Random random = new Random(42);
        int[] d = new int[w * h];
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextInt(6);
        }
        LabelImage labels = new LabelImage(w, h, d);
        List<Roi> rois = RoiConversion.labelsToRois(labels, "r");
        assertEquals(5, rois.size());
        assertArrayEquals(d, RoiConversion.roisToLabels(rois, w, h).data());
    }

    @Test
    void thousandsOfObjectsRoundTripWithPaddedNames() {
        // 40x30 = 1200 discs of radius 2 on a 10-pixel grid
        int w = 400, h = 300;
        LabelImage labels = new LabelImage(w, h);
        int label = 0;
        for (int cy = 5; cy < h; cy += 10) {
            for (int cx = 5; cx < w; cx += 10) {
                label++;
                for (int y = cy - 2; y <= cy + 2; y++) {
                    for (int x = cx - 2; x <= cx + 2; x++) {
                        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= 4) {
                            labels.data()[y * w + x] = label;
                        }
                    }
                }
            }
        }
        List<Roi> rois = RoiConversion.labelsToRois(labels, "big");
        assertEquals(1200, rois.size());
        assertEquals("SparseSAM-big-1200", rois.get(1199).getName());
        assertArrayEquals(labels.data(), RoiConversion.roisToLabels(rois, w, h).data());
    }

    @Test
    void namesWidenPastFourDigits() {
        assertEquals("SparseSAM-x-00012", RoiConversion.roiName("x", 12, 5));
    }

    @Test
    void missingLabelsAreSkippedAndRoisRenumberInListOrder() {
        LabelImage labels = new LabelImage(4, 1, new int[] {0, 3, 0, 9});
        List<Roi> rois = RoiConversion.labelsToRois(labels, "g");
        assertEquals(List.of("SparseSAM-g-0003", "SparseSAM-g-0009"), rois.stream().map(Roi::getName).toList());
        assertArrayEquals(new int[] {0, 1, 0, 2}, RoiConversion.roisToLabels(rois, 4, 1).data());
    }

    @Test
    void emptyLabelsGiveNoRois() {
        assertEquals(0, RoiConversion.labelsToRois(new LabelImage(5, 5), "e").size());
    }
}
