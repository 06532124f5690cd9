package org.sparsesam.core.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.prompt.Point;

class PseudoLabelTest {

    /** A one-channel grid of the given size and stride, only there to map clicks. */
    private static FeatureGrid grid(int width, int height, int stride) {
        return new FeatureGrid(new FloatPlane[] {new FloatPlane(width, height)}, new String[] {"x"}, stride,
                width * stride, height * stride);
    }

    /** Two rings of 0.9 around 3x3 lumens (centre 0.1, others 0.4) at x 1..5 and 8..12, outside 0.2. */
    private static float[] twoRings() {
        float[] v = new float[14 * 7];
        java.util.Arrays.fill(v, 0.2f);
        for (int left : new int[] {1, 8}) {
            for (int y = 1; y <= 5; y++) {
                for (int x = left; x <= left + 4; x++) {
                    v[y * 14 + x] = (x == left || x == left + 4 || y == 1 || y == 5) ? 0.9f : 0.4f;
                }
            }
            v[3 * 14 + left + 2] = 0.1f;
        }
        return v;
    }

    @Test
    void aHoleWithAForegroundClickInItIsReflectedAndNothingElseMoves() {
        float[] v = twoRings();
        FloatPlane p = new FloatPlane(14, 7, v.clone());
        FloatPlane corrected = PseudoLabel.clickedHolesFilled(p, List.of(Point.fg(3, 3), Point.bg(0, 0)));
        assertEquals(0.9f, corrected.get(3, 3), 1e-6);  // 1 - 0.1: the clicked lumen
        assertEquals(0.6f, corrected.get(2, 2), 1e-6);  // 1 - 0.4: the rest of that lumen
        for (int i = 0; i < v.length; i++) {
            int x = i % 14, y = i / 14;
            if (!(x >= 2 && x <= 4 && y >= 2 && y <= 4)) {
                assertEquals(v[i], corrected.data()[i], "pixel " + x + "," + y + " is not in the clicked hole");
            }
        }
        assertArrayEquals(v, p.data(), "the input is not changed");
    }

    @Test
    void holesWithoutAForegroundClickStayAsTheyAre() {
        float[] v = twoRings();
        // a background click in a lumen, a foreground click on a ring and one outside: no hole holds a foreground click
        List<Point> clicks = List.of(Point.bg(3, 3), Point.fg(8, 1), Point.fg(13, 6));
        assertArrayEquals(v, PseudoLabel.clickedHolesFilled(new FloatPlane(14, 7, v.clone()), clicks).data());
        v[14 + 3] = 0.3f;  // a notch in the first ring: its lumen opens to the outside and is no hole
        assertArrayEquals(v, PseudoLabel.clickedHolesFilled(new FloatPlane(14, 7, v.clone()), List.of(Point.fg(3, 3))).data());
    }

    @Test
    void marginsSplitConfidentFromUncertainCells() {
        FloatPlane p = new FloatPlane(6, 1, new float[] {0.1f, 0.3f, 0.4f, 0.5f, 0.7f, 0.9f});
        PseudoLabel label = PseudoLabel.fromProbability(p, List.of(), grid(6, 1, 1),
                new PseudoLabelSettings(0.2, 0.2, 1, 10));
        // 0.3 and 0.7 sit exactly on the margins and count as confident; 0.4 .. 0.5 are ignored.
        assertArrayEquals(new float[] {1, 1, 0, 0, 1, 1}, label.weightPlane().data());
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 1}, label.targetPlane().data());
        assertArrayEquals(new int[] {0, 1, 4, 5}, label.confidentCells());
        assertEquals(0, label.clickCells().length);
    }

    @Test
    void asymmetricMarginsAreHonoured() {
        FloatPlane p = new FloatPlane(4, 1, new float[] {0.05f, 0.2f, 0.6f, 0.95f});
        PseudoLabel label = PseudoLabel.fromProbability(p, List.of(), grid(4, 1, 1),
                new PseudoLabelSettings(0.05, 0.4, 0, 10));
        assertArrayEquals(new float[] {1, 0, 1, 1}, label.weightPlane().data());
        assertArrayEquals(new float[] {0, 0, 1, 1}, label.targetPlane().data());
    }

    @Test
    void clicksOverrideTheMapWithinTheirRadiusAndWeighMore() {
        // Stride 2: image (5, 3) is grid cell (floor(5.5/2), floor(3.5/2)) = (2, 1).
        FloatPlane p = new FloatPlane(5, 3);
        PseudoLabel label = PseudoLabel.fromProbability(p, List.of(Point.fg(5, 3)), grid(5, 3, 2),
                new PseudoLabelSettings(0.2, 0.2, 1, 7));
        float[] expectedWeight = {
            1, 1, 7, 1, 1,
            1, 7, 7, 7, 1,
            1, 1, 7, 1, 1};
        float[] expectedTarget = {
            0, 0, 1, 0, 0,
            0, 1, 1, 1, 0,
            0, 0, 1, 0, 0};
        assertArrayEquals(expectedWeight, label.weightPlane().data());
        assertArrayEquals(expectedTarget, label.targetPlane().data());
        assertArrayEquals(new int[] {2, 6, 7, 8, 12}, label.clickCells());
    }

    @Test
    void whereClickDiscsOverlapTheNearestClickDecides() {
        FloatPlane p = new FloatPlane(5, 1, new float[] {0.45f, 0.45f, 0.45f, 0.45f, 0.45f});
        PseudoLabel label = PseudoLabel.fromProbability(p, List.of(Point.fg(0, 0), Point.bg(3, 0)),
                grid(5, 1, 1), new PseudoLabelSettings(0.2, 0.2, 2, 5));
        // Cell 1 is 1 from the fg click and 2 from the bg one; cell 2 is 2 from fg and 1 from bg.
        assertArrayEquals(new float[] {1, 1, 0, 0, 0}, label.targetPlane().data());
        assertArrayEquals(new float[] {5, 5, 5, 5, 5}, label.weightPlane().data());
    }

    @Test
    void refusesAMapOfAnotherSize() {
        assertThrows(IllegalArgumentException.class, () -> PseudoLabel.fromProbability(new FloatPlane(4, 4),
                List.of(), grid(5, 4, 1), PseudoLabelSettings.defaults()));
    }

    @Test
    void refusesMarginsOutsideTheProbabilityRange() {
        SparseSamException e = assertThrows(SparseSamException.class, () -> new PseudoLabelSettings(0.6, 0.2, 1, 10));
        assertEquals("foreground margin is 0.6: use a number between 0 and 0.5.", e.getMessage());
    }
}
