package org.sparsesam.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.ConnectedComponents;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.core.prompt.Point;

class SyntheticTissueSourceTest {
    private final SyntheticTissueSource source = new SyntheticTissueSource(300, 200, 7);

    @Test
    void aRectangleReadsTheSamePixelsAsTheWholeImage() {
        RasterImage whole = source.read(0, 0, 300, 200), part = source.read(45, 61, 100, 70);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 70; y++) {
                for (int x = 0; x < 100; x++) {
                    assertEquals(whole.channel(c).get(45 + x, 61 + y), part.channel(c).get(x, y));
                }
            }
        }
        assertArrayEquals(source.labels(0, 0, 300, 200).data(), new SyntheticTissueSource(300, 200, 7).labels(0, 0, 300, 200).data());
    }

    @Test
    void nucleiNeverTouchAndCoverAboutAnEighthOfTheArea() {
        LabelImage truth = source.labels(0, 0, 300, 200);
        int objects = (int) java.util.Arrays.stream(truth.data()).filter(v -> v != 0).distinct().count();
        // nuclei never touch: 8-connected components are exactly the labelled objects
        assertEquals(objects, ConnectedComponents.label(org.sparsesam.core.instance.BinaryMask.of(truth)).maxLabel());
        double cover = java.util.Arrays.stream(truth.data()).filter(v -> v != 0).count() / (300.0 * 200);
        assertTrue(cover > 0.06 && cover < 0.2, "cover " + cover);
    }

    @Test
    void clicksFallOnNucleiAndOnStroma() {
        LabelImage truth = source.labels(0, 0, 300, 200);
        List<Point> clicks = source.clicks(5, 5);
        assertEquals(10, clicks.size());
        for (Point p : clicks) {
            assertEquals(p.isForeground(), truth.get((int) p.x(), (int) p.y()) != 0, p.toString());
        }
    }
}
