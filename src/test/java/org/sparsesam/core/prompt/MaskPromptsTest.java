package org.sparsesam.core.prompt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.instance.LabelImage;

class MaskPromptsTest {
    private static final MaskPrompts RECIPE = new MaskPrompts(MaskPrompts.Settings.defaults());

    private static void disc(LabelImage labels, int label, int cx, int cy, int r) {
        for (int y = 0; y < labels.height(); y++) {
            for (int x = 0; x < labels.width(); x++) {
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) {
                    labels.data()[y * labels.width() + x] = label;
                }
            }
        }
    }

    private static void rect(LabelImage labels, int label, int x0, int y0, int x1, int y1) {
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                labels.data()[y * labels.width() + x] = label;
            }
        }
    }

    private static int at(LabelImage labels, Point p) {
        assertEquals(Math.rint(p.x()), p.x(), "points lie on pixel centres");
        return labels.get((int) p.x(), (int) p.y());
    }

    /** Distance from p to the nearest pixel of label (brute force, the definition itself). */
    private static double distanceTo(LabelImage labels, int label, Point p) {
        double best = Double.POSITIVE_INFINITY;
        for (int y = 0; y < labels.height(); y++) {
            for (int x = 0; x < labels.width(); x++) {
                if (labels.get(x, y) == label) {
                    best = Math.min(best, Math.hypot(x - p.x(), y - p.y()));
                }
            }
        }
        return best;
    }

    @Test
    void aDiscGetsItsTightBoxOnePositiveAtItsCentreAndNegativesAroundIt() {
        LabelImage labels = new LabelImage(50, 50);
        disc(labels, 1, 20, 22, 6);
        List<RegionPrompt> prompts = RECIPE.fromLabels(labels);
        assertEquals(1, prompts.size());
        RegionPrompt p = prompts.get(0);
        assertEquals(1, p.label());
        assertArrayEquals(new double[] {14, 16, 26, 28}, p.box()); // centre +- radius, inclusive pixel indices
        // A round object: the second-best interior point is nearer than one inscribed radius, so one positive.
        assertEquals(List.of(Point.fg(20, 22)), p.positives());
        assertEquals(4, p.negatives().size());
        // margin: 0.25 of the 13-pixel side, rounded up = 4 pixels around the box
        for (Point n : p.negatives()) {
            assertTrue(!n.isForeground());
            assertEquals(0, at(labels, n), "negative " + n + " lies outside the object");
            assertTrue(distanceTo(labels, 1, n) >= 2, "negative " + n + " keeps the 2-pixel gap");
            assertTrue(n.x() >= 10 && n.x() <= 30 && n.y() >= 12 && n.y() <= 32, "negative " + n + " lies near the box");
        }
        assertEquals(p.positives().size() + p.negatives().size(), p.points().size());
        assertEquals(p.positives().get(0), p.points().get(0));
    }

    @Test
    void theFirstNegativeIsTheNearestOutsidePixelAndTheOthersSpreadAround() {
        LabelImage labels = new LabelImage(50, 50);
        disc(labels, 1, 25, 25, 6);
        RegionPrompt p = RECIPE.fromLabels(labels).get(0);
        assertEquals(2.0, distanceTo(labels, 1, p.negatives().get(0)), 0.25);
        List<Point> n = p.negatives();
        for (int i = 0; i < n.size(); i++) {
            for (int j = i + 1; j < n.size(); j++) {
                assertTrue(Math.hypot(n.get(i).x() - n.get(j).x(), n.get(i).y() - n.get(j).y()) > 10, n.toString());
            }
        }
    }

    @Test
    void anElongatedObjectGetsPositivesSpreadAlongItsLength() {
        LabelImage labels = new LabelImage(60, 30);
        rect(labels, 1, 5, 10, 44, 15); // 40 x 6: inscribed radius 3
        RegionPrompt p = RECIPE.fromLabels(labels).get(0);
        assertArrayEquals(new double[] {5, 10, 44, 15}, p.box());
        assertEquals(3, p.positives().size());
        double minX = Double.MAX_VALUE, maxX = -1;
        for (Point q : p.positives()) {
            assertTrue(q.isForeground());
            assertEquals(1, at(labels, q), "positive " + q + " lies inside");
            assertTrue(q.y() >= 11 && q.y() <= 14, "positive " + q + " keeps off the border");
            minX = Math.min(minX, q.x());
            maxX = Math.max(maxX, q.x());
        }
        assertTrue(maxX - minX >= 30, "positives span the object: " + p.positives());
    }

    @Test
    void eachObjectIsPromptedOnItsOwnAndNegativesMayLieOnNeighbours() {
        LabelImage labels = new LabelImage(60, 40);
        disc(labels, 1, 15, 20, 7);
        disc(labels, 2, 32, 20, 7); // 3 pixels apart
        List<RegionPrompt> prompts = RECIPE.fromLabels(labels);
        assertEquals(2, prompts.size());
        for (RegionPrompt p : prompts) {
            for (Point q : p.positives()) {
                assertEquals(p.label(), at(labels, q));
            }
            for (Point q : p.negatives()) {
                assertTrue(at(labels, q) != p.label());
                assertTrue(distanceTo(labels, p.label(), q) >= 2);
            }
        }
        assertArrayEquals(new double[] {25, 13, 39, 27}, prompts.get(1).box());
    }

    @Test
    void negativesStayInsideTheImageAtItsEdge() {
        LabelImage labels = new LabelImage(30, 30);
        rect(labels, 1, 0, 0, 9, 9);
        RegionPrompt p = RECIPE.fromLabels(labels).get(0);
        assertArrayEquals(new double[] {0, 0, 9, 9}, p.box());
        assertTrue(!p.negatives().isEmpty());
        for (Point q : p.negatives()) {
            assertTrue(q.x() >= 0 && q.y() >= 0 && q.x() < 30 && q.y() < 30, q.toString());
            assertEquals(0, at(labels, q));
        }
    }

    @Test
    void anObjectThatFillsTheImageHasNoNegatives() {
        LabelImage labels = new LabelImage(12, 12);
        rect(labels, 1, 0, 0, 11, 11);
        RegionPrompt p = RECIPE.fromLabels(labels).get(0);
        assertEquals(List.of(), p.negatives());
        assertArrayEquals(new double[] {0, 0, 11, 11}, p.box());
    }

    @Test
    void settingsBoundTheCountsAndTheSamLabelsGiveTheSamePrompts() {
        LabelImage labels = new LabelImage(60, 30);
        rect(labels, 1, 5, 10, 44, 15);
        MaskPrompts few = new MaskPrompts(new MaskPrompts.Settings(1, 0, 0.25, 2));
        RegionPrompt p = few.fromLabels(labels).get(0);
        assertEquals(1, p.positives().size());
        assertEquals(0, p.negatives().size());
        assertEquals(RECIPE.fromLabels(labels), RECIPE.fromLabels(labels));
    }

    @Test
    void labelGapsAreSkipped() {
        LabelImage labels = new LabelImage(40, 20);
        rect(labels, 3, 5, 5, 10, 10);
        List<RegionPrompt> prompts = RECIPE.fromLabels(labels);
        assertEquals(1, prompts.size());
        assertEquals(3, prompts.get(0).label());
    }
}
