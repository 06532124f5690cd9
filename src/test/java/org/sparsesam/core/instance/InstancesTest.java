package org.sparsesam.core.instance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.prompt.Point;

class InstancesTest {

    @Test
    void anObjectUnderABackgroundClickIsLeftOutAndTheRestRenumbered() {
        // 6x2: objects 1 (x 0..1), 2 (x 3..4, top row) and 3 (x 3..4, bottom row), background at x 2 and 5
        LabelImage labels = new LabelImage(6, 2, new int[] {1, 1, 0, 2, 2, 0, 1, 1, 0, 3, 3, 0});
        BinaryMask foreground = BinaryMask.of(labels);
        LabelImage kept = Instances.correctedByBackgroundClicks(labels, foreground, List.of(Point.bg(0.4, 0.6), Point.bg(2, 0),
                Point.fg(4, 0), Point.bg(-3, 0), Point.bg(9, 1)));
        // (0.4, 0.6) is pixel (0, 1): object 1 goes; a click on background, a foreground click and clicks outside
        // the image change nothing
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 0, 0, 0, 0, 2, 2, 0}, kept.data());
        assertArrayEquals(labels.data(), Instances.correctedByBackgroundClicks(labels, foreground, List.of(Point.fg(0, 0))).data());
    }

    @Test
    void aBackgroundClickInAFilledHoleReopensItAndKeepsTheObjectAroundIt() {
        // 3x3 ring object with its centre filled by the clean-up: a background click there (on what the map
        // called background) reopens the hole and keeps the ring; a click on the ring itself removes it
        int[] l = new int[25];
        boolean[] before = new boolean[25];
        for (int y = 1; y <= 3; y++) {
            for (int x = 1; x <= 3; x++) {
                l[y * 5 + x] = 1;
                before[y * 5 + x] = !(x == 2 && y == 2);
            }
        }
        LabelImage labels = new LabelImage(5, 5, l);
        BinaryMask foreground = new BinaryMask(5, 5, before);
        int[] reopened = l.clone();
        reopened[2 * 5 + 2] = 0;
        assertArrayEquals(reopened, Instances.correctedByBackgroundClicks(labels, foreground, List.of(Point.bg(2, 2))).data());
        assertEquals(0, Instances.correctedByBackgroundClicks(labels, foreground, List.of(Point.bg(1, 2))).maxLabel());
    }

    @Test
    void describeGivesAreaCentroidAndMeanProbabilityOfARectangle() {
        // Rectangle x 10..19, y 4..9: 10 x 6 = 60 pixels, centroid (14.5, 6.5) with pixel centres at whole numbers.
        int w = 30, h = 12;
        int[] l = new int[w * h];
        float[] p = new float[w * h];
        for (int y = 4; y <= 9; y++) {
            for (int x = 10; x <= 19; x++) {
                l[y * w + x] = 2;
                p[y * w + x] = x < 15 ? 0.5f : 1.0f;  // half the pixels at 0.5, half at 1: mean 0.75
            }
        }
        List<InstanceInfo> infos = Instances.describe(new LabelImage(w, h, l), new FloatPlane(w, h, p));
        assertEquals(List.of(new InstanceInfo(2, 60, 14.5, 6.5, 0.75)), infos);
    }

    @Test
    void describeListsObjectsInLabelOrderAndNaNWithoutProbability() {
        LabelImage labels = new LabelImage(4, 1, new int[] {3, 0, 1, 1});
        List<InstanceInfo> infos = Instances.describe(labels, null);
        assertEquals(2, infos.size());
        assertEquals(1, infos.get(0).label());
        assertEquals(2.5, infos.get(0).centroidX());
        assertEquals(3, infos.get(1).label());
        assertTrue(Double.isNaN(infos.get(1).meanProbability()));
    }

    @Test
    void relabelSequentialClosesGapsKeepingOrder() {
        LabelImage labels = new LabelImage(5, 1, new int[] {9, 0, 4, 9, 7});
        assertArrayEquals(new int[] {3, 0, 1, 3, 2}, Instances.relabelSequential(labels).data());
        assertArrayEquals(new int[] {1, 0, 2, 1, 3}, Instances.relabelInRasterOrder(labels).data());
    }

    @Test
    void filterByAreaKeepsTheRangeAndRelabels() {
        // Areas: label 1 -> 1 px, label 2 -> 3 px, label 5 -> 2 px.
        LabelImage labels = new LabelImage(6, 1, new int[] {1, 2, 2, 2, 5, 5});
        assertArrayEquals(new int[] {0, 1, 1, 1, 2, 2}, Instances.filterByArea(labels, 2, 3).data());
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1}, Instances.filterByArea(labels, 2, 2).data());
    }
}
