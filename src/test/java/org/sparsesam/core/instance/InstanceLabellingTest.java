package org.sparsesam.core.instance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.image.FloatPlane;

/**
 * {@link InstanceLabelling} works piece by piece and keeps its work between masks; these compare it with the
 * whole-image definition (small pieces removed, {@link InstanceSplitter#split} on the whole mask, slivers removed,
 * raster order), on clumps of touching discs that change as clicks would change them.
 */
class InstanceLabellingTest {
    private static final int W = 160, H = 120;

    /** The whole-image computation, as ObjectScale.toInstances did it before it went piece by piece. */
    private static LabelImage wholeImage(BinaryMask mask, FloatPlane weight, SplitParameters parameters, int minArea, boolean split) {
        BinaryMask clean = BinaryMorphology.removeSmall(mask, minArea);
        LabelImage labels = split ? InstanceSplitter.split(clean, weight, parameters) : ConnectedComponents.label(clean);
        return Instances.relabelInRasterOrder(Instances.filterByArea(labels, minArea, Long.MAX_VALUE));
    }

    /** Discs of radius 3-9, often touching, some cut by the image's edge. */
    private static BinaryMask discs(Random random, int count) {
        BinaryMask mask = BinaryMask.empty(W, H);
        for (int i = 0; i < count; i++) {
            Masks.disc(mask, random.nextDouble() * W, random.nextDouble() * H, 3 + 6 * random.nextDouble());
        }
        return mask;
    }

    /** A smooth weight in [0.2, 1] with lows between bumps, as a learned distance-to-edge map has them. */
    private static FloatPlane weight(Random random) {
        double fx = 0.05 + 0.2 * random.nextDouble(), fy = 0.05 + 0.2 * random.nextDouble();
        float[] w = new float[W * H];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (0.6 + 0.4 * Math.sin(fx * (i % W)) * Math.cos(fy * (i / W)));
        }
        return new FloatPlane(W, H, w);
    }

    @Test
    void aSequenceOfMasksGivesTheWholeImageLabelsEachTime() {
        Random random = new Random(7);
        FloatPlane weight = weight(random);
        InstanceLabelling labelling = new InstanceLabelling();
        BinaryMask mask = discs(random, 40);
        int checked = 0;
        for (int step = 0; step < 30; step++) {
            // A click changes the mask in places: a few discs grow, appear or vanish.
            boolean[] next = mask.data().clone();
            BinaryMask changes = discs(random, 1 + random.nextInt(4));
            boolean add = random.nextBoolean();
            for (int i = 0; i < next.length; i++) {
                if (changes.data()[i]) {
                    next[i] = add;
                }
            }
            mask = new BinaryMask(W, H, next);
            // and the clicked objects' median radius moves now and then
            double radius = step % 5 == 4 ? 3 + 4 * random.nextDouble() : 5;
            SplitParameters parameters = SplitParameters.forExpectedRadius(radius);
            int minArea = step % 7 == 6 ? 40 : 12;
            LabelImage expected = wholeImage(mask, weight, parameters, minArea, true);
            LabelImage got = labelling.label(mask, weight, parameters, minArea, true);
            assertArrayEquals(expected.data(), got.data(), "step " + step);
            checked += expected.maxLabel();
        }
        assertTrue(checked > 300, "the masks held few objects: " + checked);
    }

    @Test
    void onlyThePiecesAChangeTouchesAreAnalysedAgain() {
        BinaryMask mask = BinaryMask.empty(W, H);
        Masks.disc(mask, 20, 20, 8);
        Masks.disc(mask, 31, 20, 8);   // touching the first: one piece of two objects
        Masks.disc(mask, 100, 80, 8);
        Masks.disc(mask, 140, 30, 6);
        FloatPlane weight = weight(new Random(1));
        InstanceLabelling labelling = new InstanceLabelling();
        SplitParameters parameters = SplitParameters.forExpectedRadius(7);
        labelling.label(mask, weight, parameters, 10, true);
        assertEquals(3, labelling.lastReanalysed(), "every piece is new");

        boolean[] next = mask.data().clone();
        BinaryMask grown = BinaryMask.empty(W, H);
        Masks.disc(grown, 100, 80, 10);
        for (int i = 0; i < next.length; i++) {
            next[i] |= grown.data()[i];
        }
        BinaryMask bigger = new BinaryMask(W, H, next);
        LabelImage labels = labelling.label(bigger, weight, parameters, 10, true);
        assertEquals(1, labelling.lastReanalysed(), "only the grown disc");
        assertArrayEquals(wholeImage(bigger, weight, parameters, 10, true).data(), labels.data());

        labels = labelling.label(bigger, weight, SplitParameters.forExpectedRadius(6), 10, true);
        assertEquals(0, labelling.lastReanalysed(), "a new scale takes seeds again from the peaks it kept");
        assertArrayEquals(wholeImage(bigger, weight, SplitParameters.forExpectedRadius(6), 10, true).data(), labels.data());

        FloatPlane other = weight(new Random(2));
        labels = labelling.label(bigger, other, parameters, 10, true);
        assertEquals(3, labelling.lastReanalysed(), "another weight plane starts again");
        assertArrayEquals(wholeImage(bigger, other, parameters, 10, true).data(), labels.data());
    }

    @Test
    void withoutSplittingEachPieceIsOneObject() {
        Random random = new Random(3);
        InstanceLabelling labelling = new InstanceLabelling();
        for (int step = 0; step < 5; step++) {
            BinaryMask mask = discs(random, 30);
            assertArrayEquals(wholeImage(mask, null, SplitParameters.defaults(), 20, false).data(),
                    labelling.label(mask, null, SplitParameters.defaults(), 20, false).data(), "step " + step);
        }
    }

    @Test
    void aMaskWithNoBackgroundIsMeasuredToTheImageEdge() {
        boolean[] all = new boolean[W * H];
        java.util.Arrays.fill(all, true);
        BinaryMask full = new BinaryMask(W, H, all);
        assertArrayEquals(wholeImage(full, null, SplitParameters.defaults(), 4, true).data(),
                new InstanceLabelling().label(full, null, SplitParameters.defaults(), 4, true).data());
    }
}
