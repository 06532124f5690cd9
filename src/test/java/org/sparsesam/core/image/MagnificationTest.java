package org.sparsesam.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sparsesam.core.instance.LabelImage;

class MagnificationTest {

    @Test
    void halfScaleAveragesEachTwoByTwoBlock() {
        float[] v = {0, 2, 10, 30,
                     4, 6, 50, 70};
        Magnification m = new Magnification(4, 2, 0.5);
        RasterImage small = m.shrink(RasterImage.grey(new FloatPlane(4, 2, v)));
        assertEquals(2, small.width());
        assertEquals(1, small.height());
        assertArrayEquals(new float[] {3, 40}, small.channel(0).data(), 1e-5f);
    }

    @Test
    void otherScalesWeighEachPixelByTheAreaItShares() {
        // 3 -> 2 pixels: output 0 covers [0, 1.5), i.e. pixel 0 whole and half of pixel 1: (a + b / 2) / 1.5.
        float[] v = {3, 6, 9};
        RasterImage small = new Magnification(3, 1, 2.0 / 3).shrink(RasterImage.grey(new FloatPlane(3, 1, v)));
        assertArrayEquals(new float[] {(3 + 3) / 1.5f, (3 + 9) / 1.5f}, small.channel(0).data(), 1e-5f);
    }

    @Test
    void pointsAndOutputsMapBetweenPixelCentres() {
        Magnification m = new Magnification(4, 4, 0.5);
        assertEquals(0, m.toSmallX(0), 0); // -0.25, kept inside
        assertEquals(1, m.toSmallX(3), 0); // 1.25, kept inside the 2 px side
        assertEquals(1.25, new Magnification(8, 8, 0.5).toSmallX(3), 1e-12);
        LabelImage small = new LabelImage(2, 2, new int[] {1, 0, 0, 2});
        LabelImage big = m.enlarge(small);
        assertArrayEquals(new int[] {1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 2, 2, 0, 0, 2, 2}, big.data());
        FloatPlane map = m.enlarge(new FloatPlane(2, 2, new float[] {0, 1, 0, 1}));
        // Pixel 1 lies a quarter of the way from small pixel 0 to 1: (1 + 0.5) / 2 - 0.5 = 0.25.
        assertEquals(0.25f, map.get(1, 0), 1e-6f);
        assertEquals(0f, map.get(0, 0), 1e-6f);
    }
}
