package org.sparsesam.core.instance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.prompt.Point;

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

    /** The mask as a click changes it: in a few places discs grow, appear or vanish. */
    private static BinaryMask clicked(Random random, BinaryMask mask) {
        boolean[] next = mask.data().clone();
        BinaryMask changes = discs(random, 1 + random.nextInt(4));
        boolean add = random.nextBoolean();
        for (int i = 0; i < next.length; i++) {
            if (changes.data()[i]) {
                next[i] = add;
            }
        }
        return new BinaryMask(W, H, next);
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
            mask = clicked(random, mask);
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
    /**
     * The definition of fragments, on a whole label image: the objects without those where {@code centreness} (a map of how central each pixel is in its object, 1 at the
     * centre) never reaches {@code floor}: fragments, not objects. Kept all the same: an object under a foreground
     * click (the user said it is one), and every object when fewer than half of them reach the floor (then the map does
     * not describe these objects, as a nucleus map does not describe glands clicked at the image's edge). Labels
     * 1..N in raster order, as given; {@code labels} itself when nothing is dropped.
     */
    private static LabelImage withoutWeakCentres(LabelImage labels, FloatPlane centreness, float floor, List<Point> clicks) {
        int n = labels.maxLabel(), w = labels.width();
        if (n == 0 || floor <= 0) {
            return labels;
        }
        float[] peak = new float[n + 1];
        java.util.Arrays.fill(peak, Float.NEGATIVE_INFINITY);
        int[] l = labels.data();
        float[] c = centreness.data();
        for (int i = 0; i < l.length; i++) {
            if (l[i] != 0 && c[i] > peak[l[i]]) {
                peak[l[i]] = c[i];
            }
        }
        boolean[] weak = new boolean[n + 1];
        int weakCount = 0;
        for (int v = 1; v <= n; v++) {
            weak[v] = !(peak[v] >= floor);
            weakCount += weak[v] ? 1 : 0;
        }
        for (Point click : clicks) {
            int x = (int) Math.round(click.x()), y = (int) Math.round(click.y());
            if (click.isForeground() && x >= 0 && y >= 0 && x < w && y < labels.height() && weak[l[y * w + x]]) {
                weak[l[y * w + x]] = false;
                weakCount--;
            }
        }
        if (weakCount == 0 || 2 * weakCount > n) {
            return labels;
        }
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = weak[l[i]] ? 0 : l[i];
        }
        return Instances.relabelInRasterOrder(new LabelImage(w, labels.height(), out));
    }

    @Test
    void objectsWhoseCentreNeverReachesTheFloorGoUnlessClickedOrMostOfThem() {
        // 8x1: objects at x 0..1, 3..4, 6..7; their weights peak at 0.9, 0.4, 0.7
        BinaryMask mask = new BinaryMask(8, 1, new boolean[] {true, true, false, true, true, false, true, true});
        FloatPlane centreness = new FloatPlane(8, 1, new float[] {0.2f, 0.9f, 0, 0.4f, 0.1f, 0, 0.7f, 0.3f});
        SplitParameters p = SplitParameters.defaults();
        int[] all = {1, 1, 0, 2, 2, 0, 3, 3};
        assertArrayEquals(new int[] {1, 1, 0, 0, 0, 0, 2, 2},
                new InstanceLabelling().label(mask, centreness, p, 1, false, 0.5f, List.of()).data(),
                "the middle object never reaches 0.5: left out, the rest renumbered");
        assertArrayEquals(all, new InstanceLabelling().label(mask, centreness, p, 1, false, 0.5f, List.of(Point.fg(4, 0))).data(),
                "a foreground click on it keeps it");
        assertArrayEquals(new int[] {1, 1, 0, 0, 0, 0, 2, 2},
                new InstanceLabelling().label(mask, centreness, p, 1, false, 0.5f, List.of(Point.bg(4, 0), Point.fg(1, 0))).data(),
                "a background click, or a foreground click on another object, does not");
        assertArrayEquals(all, new InstanceLabelling().label(mask, centreness, p, 1, false, 0.8f, List.of()).data(),
                "two of three short of the floor: the map does not describe these objects, all are kept");
        assertArrayEquals(all, new InstanceLabelling().label(mask, centreness, p, 1, false, 0f, List.of()).data(), "0 keeps all");
    }

    @Test
    void fragmentsLeftOutPieceByPieceEqualTheWholeImageDefinition() {
        Random random = new Random(21);
        FloatPlane weight = weight(random);
        InstanceLabelling labelling = new InstanceLabelling();
        BinaryMask mask = discs(random, 40);
        int leftOut = 0;
        for (int step = 0; step < 20; step++) {
            mask = clicked(random, mask);
            List<Point> clicks = List.of(Point.fg(random.nextInt(W), random.nextInt(H)), Point.fg(random.nextInt(W), random.nextInt(H)),
                    Point.bg(random.nextInt(W), random.nextInt(H)));
            float floor = step % 4 == 3 ? 0.95f : 0.75f;
            SplitParameters parameters = SplitParameters.forExpectedRadius(5);
            LabelImage whole = wholeImage(mask, weight, parameters, 12, true);
            LabelImage expected = withoutWeakCentres(whole, weight, floor, clicks);
            assertArrayEquals(expected.data(), labelling.label(mask, weight, parameters, 12, true, floor, clicks).data(), "step " + step);
            leftOut += whole.maxLabel() - expected.maxLabel();
        }
        assertTrue(leftOut > 20, "few fragments were left out: " + leftOut);
    }

    @Test
    void aClicksRadiusOnItsOwnPieceEqualsTheWholeImageDistanceTransforms() {
        // Discs with holes cut into some (a ring around a hole is one filled piece), touching the image's edges.
        Random random = new Random(4);
        for (int round = 0; round < 10; round++) {
            BinaryMask mask = discs(random, 30);
            boolean[] m = mask.data();
            for (int i = 0; i < m.length; i += 97) {
                m[i] = false;
            }
            FloatPlane distance = DistanceTransform.euclidean(BinaryMorphology.fillHoles(mask));
            List<Point> clicks = new java.util.ArrayList<>();
            List<Double> expected = new java.util.ArrayList<>();
            for (int k = 0; k < 40; k++) {
                int x = random.nextInt(W), y = random.nextInt(H);
                clicks.add(Point.fg(x, y));
                if (distance.get(x, y) > 0) {
                    expected.add(ObjectScale.climbToPeak(distance, x, y));
                }
            }
            assertTrue(!expected.isEmpty());
            assertEquals(expected, ObjectScale.clickRadii(mask, clicks), "round " + round);
        }
    }

    @Test
    void manyClicksLaterTheObjectsAreStillNumberedAsTheWholeImageNumbersThem() {
        // Two masks in turn that share a corner: the pieces elsewhere change every time, so the keys pass 4096 and are
        // renumbered from 1, while the shared corner's pieces keep theirs across it.
        Random random = new Random(9);
        BinaryMask[] masks = {discs(random, 60), discs(random, 60)};
        for (BinaryMask m : masks) {
            for (int i = 0; i < m.size(); i++) {
                int x = i % W, y = i / W;
                if (x < 40 && y < 40) {
                    m.data()[i] = (x / 8 + y / 8) % 2 == 0 && x % 8 > 1 && y % 8 > 1; // separate squares, the same in both
                }
            }
        }
        FloatPlane weight = weight(random);
        InstanceLabelling labelling = new InstanceLabelling();
        SplitParameters parameters = SplitParameters.forExpectedRadius(5);
        for (int step = 0; step < 160; step++) {
            BinaryMask mask = new BinaryMask(W, H, masks[step % 2].data().clone());
            assertArrayEquals(wholeImage(mask, weight, parameters, 12, true).data(), labelling.label(mask, weight, parameters, 12, true).data(),
                    "step " + step);
        }
    }
}
