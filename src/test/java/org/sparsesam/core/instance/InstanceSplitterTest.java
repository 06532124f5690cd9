package org.sparsesam.core.instance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.image.FloatPlane;

class InstanceSplitterTest {

    @Test
    void twoOverlappingDiscsBecomeTwoObjectsEachHoldingItsCentre() {
        // r = 20, centres 34 apart: the neck is 2 * sqrt(20^2 - 17^2) = 21 px wide, so the distance map
        // dips from 20 to about 10.5 between the peaks, far more than h, and 34 px exceeds the radius.
        BinaryMask mask = BinaryMask.empty(100, 60);
        Masks.disc(mask, 33, 30, 20);
        Masks.disc(mask, 67, 30, 20);
        assertEquals(1, ConnectedComponents.label(mask).maxLabel());
        for (SplitParameters p : new SplitParameters[] {SplitParameters.defaults(), SplitParameters.forExpectedRadius(20)}) {
            LabelImage labels = InstanceSplitter.split(mask, p);
            assertEquals(2, labels.maxLabel(), p.toString());
            int left = labels.get(33, 30), right = labels.get(67, 30);
            assertTrue(left > 0 && right > 0);
            assertNotEquals(left, right);
            // The shapes are mirror images, so the cut runs through the neck at x = 50.
            assertEquals(left, labels.get(47, 30));
            assertEquals(right, labels.get(53, 30));
            assertArrayEquals(mask.data(), labels.mask(), "every foreground pixel, and only those, is labelled");
        }
    }

    @Test
    void aSingleDiscIsOneObject() {
        BinaryMask mask = BinaryMask.empty(64, 64);
        Masks.disc(mask, 31.5, 30.2, 20);
        assertEquals(1, InstanceSplitter.split(mask).maxLabel());
    }

    @Test
    void anElongatedEllipseIsNotOverSplit() {
        // Semi-axes 30 x 12, and full axes 30 x 12: the continuous distance map has a single peak at the
        // centre (its ridge falls towards both ends), so only pixelation bumps under 1 px could split it.
        BinaryMask big = BinaryMask.empty(80, 40);
        Masks.ellipse(big, 39.3, 19.6, 30, 12);
        BinaryMask small = BinaryMask.empty(40, 20);
        Masks.ellipse(small, 19.5, 9.5, 15, 6);
        for (BinaryMask mask : new BinaryMask[] {big, small}) {
            assertEquals(1, InstanceSplitter.split(mask).maxLabel());
            assertEquals(1, InstanceSplitter.split(mask, SplitParameters.forExpectedRadius(6)).maxLabel());
            // h alone keeps it whole, without the separation rule.
            assertEquals(1, InstanceSplitter.split(mask, new SplitParameters(0, 1)).maxLabel());
        }
    }

    @Test
    void pixelationBumpsOnATiltedEllipseDoNotSplitIt() {
        // Tilted 20 degrees, the outline's staircase puts sub-pixel bumps on the distance ridge: with h = 0
        // each bump would seed an object; any h of 1 px or more keeps the ellipse whole.
        BinaryMask mask = BinaryMask.empty(90, 90);
        double c = Math.cos(Math.toRadians(20)), s = Math.sin(Math.toRadians(20));
        for (int y = 0; y < 90; y++) {
            for (int x = 0; x < 90; x++) {
                double dx = x - 44.3, dy = y - 45.1;
                double u = (c * dx + s * dy) / 30, v = (-s * dx + c * dy) / 12;
                mask.data()[y * 90 + x] = u * u + v * v <= 1;
            }
        }
        assertTrue(InstanceSplitter.split(mask, new SplitParameters(0, 0)).maxLabel() > 1);
        assertEquals(1, InstanceSplitter.split(mask, new SplitParameters(0, 1)).maxLabel());
        assertEquals(1, InstanceSplitter.split(mask).maxLabel());
    }

    @Test
    void separateObjectsKeepSeparateLabelsInRasterOrder() {
        BinaryMask mask = BinaryMask.empty(60, 30);
        Masks.disc(mask, 45, 8, 6);
        Masks.disc(mask, 12, 18, 8);
        Masks.rectangle(mask, 30, 25, 31, 26);  // a 2x2 speck, too small for any seed rule to matter
        LabelImage labels = InstanceSplitter.split(mask);
        assertEquals(3, labels.maxLabel());
        assertEquals(1, labels.get(45, 8));  // its first pixel comes first in raster order
        assertEquals(2, labels.get(12, 18));
        assertEquals(3, labels.get(30, 25));
    }

    @Test
    void seedsCloserThanTheExpectedRadiusCountAsOne() {
        // r = 10, centres 15 apart: neck half-width sqrt(100 - 7.5^2) = 6.6, a dip of 3.4 px > h = 2.
        BinaryMask mask = BinaryMask.empty(50, 30);
        Masks.disc(mask, 17, 15, 10);
        Masks.disc(mask, 32, 15, 10);
        assertEquals(2, InstanceSplitter.split(mask, SplitParameters.forExpectedRadius(10)).maxLabel());
        assertEquals(1, InstanceSplitter.split(mask, new SplitParameters(20, 2)).maxLabel());
        // A dip of 3.4 px is not more than h = 4.
        assertEquals(1, InstanceSplitter.split(mask, new SplitParameters(0, 4)).maxLabel());
    }

    @Test
    void seedsSitAtTheDiscCentres() {
        BinaryMask mask = BinaryMask.empty(100, 60);
        Masks.disc(mask, 33, 30, 20);
        Masks.disc(mask, 67, 30, 20);
        LabelImage seeds = InstanceSplitter.seeds(mask, null, SplitParameters.defaults());
        assertEquals(2, seeds.maxLabel());
        assertEquals(2, ConnectedComponents.areas(seeds).length - 1);
        int[] s = seeds.data();
        for (int i = 0; i < s.length; i++) {
            if (s[i] != 0) {
                int x = i % 100, y = i / 100;
                double toCentre = Math.min(Math.hypot(x - 33, y - 30), Math.hypot(x - 67, y - 30));
                assertTrue(toCentre <= 1.5, "seed at " + x + "," + y);
            }
        }
    }

    @Test
    void aDimSeamInTheWeightSplitsDiscsTheShapeAloneCannot() {
        // r = 20, centres 22 apart (1.1 r): the neck is 33 px wide, the dip only 3.3 px < h = 4, so the
        // mask alone is one object. A weight of 0.3 along the seam deepens the dip to about 15 px.
        int w = 80, h = 50;
        BinaryMask mask = BinaryMask.empty(w, h);
        Masks.disc(mask, 29, 25, 20);
        Masks.disc(mask, 51, 25, 20);
        SplitParameters p = SplitParameters.forExpectedRadius(20);
        assertEquals(1, InstanceSplitter.split(mask, p).maxLabel());

        float[] prob = new float[w * h];
        for (int i = 0; i < prob.length; i++) {
            prob[i] = Math.abs(i % w - 40) <= 1 ? 0.3f : 1f;
        }
        LabelImage labels = InstanceSplitter.split(mask, new FloatPlane(w, h, prob), p);
        assertEquals(2, labels.maxLabel());
        assertNotEquals(labels.get(29, 25), labels.get(51, 25));
    }

    @Test
    void aMaskWithoutBackgroundIsOneObject() {
        BinaryMask full = Masks.parse("####", "####", "####");
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, InstanceSplitter.split(full).data());
        assertEquals(0, InstanceSplitter.split(BinaryMask.empty(4, 3)).maxLabel());
    }

    @Test
    void typicalRadiusIsTheMedianInscribedRadiusEvenForClumps() {
        // Largest distance inside a digital disc of radius 20 is sqrt(401) (to the pixel at offset (20, 1)).
        BinaryMask mask = BinaryMask.empty(200, 60);
        Masks.disc(mask, 30, 30, 20);
        Masks.disc(mask, 64, 30, 20);    // touches the first: one blob, still about 20
        Masks.disc(mask, 120, 30, 8);
        Masks.disc(mask, 170, 30, 25);
        assertEquals(Math.sqrt(401), InstanceSplitter.typicalRadius(mask), 1e-5);
        assertEquals(0, InstanceSplitter.typicalRadius(BinaryMask.empty(5, 5)));
    }

    @Test
    void invalidParametersSayWhatToDo() {
        assertThrows(SparseSamException.class, () -> new SplitParameters(-1, 2));
        assertThrows(SparseSamException.class, () -> new SplitParameters(10, Double.NaN));
        assertEquals(2.0, SplitParameters.forExpectedRadius(10).h());
        assertEquals(1.0, SplitParameters.forExpectedRadius(3).h());
    }
}
