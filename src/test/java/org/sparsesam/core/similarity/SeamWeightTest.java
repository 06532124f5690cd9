package org.sparsesam.core.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.BinaryMask;
import org.sparsesam.core.instance.InstanceSplitter;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.core.instance.SplitParameters;
import org.sparsesam.core.prompt.Point;

class SeamWeightTest {
    private static final int W = 80, H = 50, R = 20;
    private static final double LEFT = 29, RIGHT = 51;

    /**
     * Two dark nuclei of radius 20 whose centres are 22 px apart (1.1 r): their union's neck is 33 px wide,
     * so its distance map dips only 3.3 px between them, under the splitter's h of 4, and shape alone keeps
     * one object. Where they meet runs a paler seam 3 px wide. In inverted images the nuclei are pale on dark.
     */
    private static RasterImage touchingNuclei(float nucleus, float seam, float background) {
        FloatPlane grey = new FloatPlane(W, H);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean inside = inDisc(x, y, LEFT) || inDisc(x, y, RIGHT);
                grey.set(x, y, !inside ? background : Math.abs(x - 40) <= 1 ? seam : nucleus);
            }
        }
        return RasterImage.grey(grey);
    }

    private static boolean inDisc(int x, int y, double cx) {
        double dx = x - cx, dy = y - 25;
        return dx * dx + dy * dy <= R * R;
    }

    private static BinaryMask union() {
        BinaryMask mask = BinaryMask.empty(W, H);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                mask.data()[y * W + x] = inDisc(x, y, LEFT) || inDisc(x, y, RIGHT);
            }
        }
        return mask;
    }

    private static StainScales.Candidate chosen(RasterImage image) {
        List<Point> clicks = List.of(Point.fg(LEFT, 25), Point.fg(RIGHT, 25), Point.bg(3, 3), Point.bg(76, 46));
        return StainPrior.choose(StainScales.of(image), clicks).candidate();
    }

    @Test
    void aPaleSeamSplitsTouchingNucleiThatShapeAloneKeepsAsOne() {
        RasterImage image = touchingNuclei(60, 150, 220);
        BinaryMask mask = union();
        SplitParameters split = SplitParameters.forExpectedRadius(R);
        assertEquals(1, InstanceSplitter.split(mask, null, split).maxLabel(), "shape alone");

        LabelImage labels = InstanceSplitter.split(mask, SeamWeight.of(image, chosen(image), mask), split);
        assertEquals(2, labels.maxLabel());
        assertNotEquals(labels.get((int) LEFT, 25), labels.get((int) RIGHT, 25));
    }

    @Test
    void paleNucleiOnADarkGroundSplitAtTheirDarkerSeam() {
        RasterImage image = touchingNuclei(200, 110, 40);
        StainScales.Candidate chosen = chosen(image);
        assertEquals(-1, chosen.polarity(), "the clicks ask for pale objects");
        BinaryMask mask = union();
        assertEquals(2, InstanceSplitter.split(mask, SeamWeight.of(image, chosen, mask), SplitParameters.forExpectedRadius(R)).maxLabel());
    }

    @Test
    void theWeightSpansHalfTheRangeFromTheObjectsPalestToTheirDarkest() {
        RasterImage image = touchingNuclei(60, 150, 220);
        BinaryMask mask = union();
        FloatPlane weight = SeamWeight.of(image, chosen(image), mask);
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (float v : weight.data()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(1 - SeamWeight.STAIN_SHARE, min, 1e-6, "the background and the seam's palest pixels");
        assertEquals(1, max, 1e-6, "deep inside a nucleus");
        assertEquals(1, weight.get((int) LEFT, 25), 1e-6);
        assertTrue(weight.get(40, 25) < 0.6f, "seam " + weight.get(40, 25));
    }

    @Test
    void chromatinTextureInsideOneNucleusDoesNotSplitIt() {
        // One nucleus of radius 20 with a third of its pixels paler, at random: paler, but not narrower.
        FloatPlane grey = new FloatPlane(W, H);
        Random random = new Random(7);
        BinaryMask mask = BinaryMask.empty(W, H);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean inside = inDisc(x, y, 40);
                mask.data()[y * W + x] = inside;
                grey.set(x, y, !inside ? 220 : random.nextDouble() < 1 / 3.0 ? 130 : 60);
            }
        }
        RasterImage image = RasterImage.grey(grey);
        List<Point> clicks = List.of(Point.fg(40, 25), Point.bg(3, 3), Point.bg(76, 46));
        StainScales.Candidate chosen = StainPrior.choose(StainScales.of(image), clicks).candidate();
        assertEquals(1, InstanceSplitter.split(mask, SeamWeight.of(image, chosen, mask), SplitParameters.forExpectedRadius(R)).maxLabel());
    }

    @Test
    void anEmptyMaskWeighsEverythingAlike() {
        RasterImage image = touchingNuclei(60, 150, 220);
        FloatPlane weight = SeamWeight.of(image, chosen(image), BinaryMask.empty(W, H));
        for (float v : weight.data()) {
            assertEquals(1f, v);
        }
    }
}
