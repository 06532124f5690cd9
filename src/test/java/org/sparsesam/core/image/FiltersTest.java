package org.sparsesam.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.image.Filters.Eigenvalues;

class FiltersTest {
    private final Filters filters = new Filters();

    private static FloatPlane plane(int w, int h, PixelFunction f) {
        FloatPlane p = new FloatPlane(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                p.set(x, y, f.at(x, y));
            }
        }
        return p;
    }

    @FunctionalInterface
    interface PixelFunction {
        float at(int x, int y);
    }

    @Test
    void gaussianOfConstantStaysConstantUpToTheBorders() {
        FloatPlane out = filters.gaussian(plane(40, 30, (x, y) -> 7.25f), 4);
        for (float v : out.data()) {
            assertEquals(7.25f, v, 1e-5f);
        }
    }

    @Test
    void kernelsWiderThanThePlaneStillMirror() {
        FloatPlane out = filters.gaussian(plane(3, 2, (x, y) -> 1f), 8);
        for (float v : out.data()) {
            assertEquals(1f, v, 1e-5f);
        }
        assertEquals(0, SeparableConvolution.mirror(-1, 4));
        assertEquals(3, SeparableConvolution.mirror(4, 4));
        assertEquals(2, SeparableConvolution.mirror(-6, 4)); // period 2n = 8: -6 is 2 mod 8, back inside the plane
        assertEquals(0, SeparableConvolution.mirror(-30, 1));
    }

    @Test
    void gaussianPreservesTheSumOfAnImpulseAwayFromBorders() {
        FloatPlane impulse = new FloatPlane(64, 64);
        impulse.set(32, 31, 100f);
        FloatPlane out = filters.gaussian(impulse, 3);
        double sum = 0;
        for (float v : out.data()) {
            sum += v;
        }
        assertEquals(100.0, sum, 1e-3);
        assertEquals(out.get(30, 31), out.get(34, 31), 1e-6, "symmetric about the impulse");
        assertTrue(out.get(32, 31) > out.get(33, 31));
    }

    @Test
    void derivativesOfALinearRampAreItsSlopes() {
        FloatPlane ramp = plane(50, 40, (x, y) -> 2f * x - 0.5f * y + 3f);
        double sigma = 2;
        int margin = (int) Math.ceil(Kernel1D.RADIUS_IN_SIGMAS * sigma);
        FloatPlane dx = filters.derivative(ramp, sigma, 1, 0), dy = filters.derivative(ramp, sigma, 0, 1);
        FloatPlane dxx = filters.derivative(ramp, sigma, 2, 0);
        for (int y = margin; y < 40 - margin; y++) {
            for (int x = margin; x < 50 - margin; x++) {
                assertEquals(2f, dx.get(x, y), 1e-4f);
                assertEquals(-0.5f, dy.get(x, y), 1e-4f);
                assertEquals(0f, dxx.get(x, y), 1e-4f);
            }
        }
    }

    @Test
    void jetAgreesWithSeparateDerivatives() {
        FloatPlane p = random(37, 29, 1);
        Filters.GaussianJet jet = filters.jet(p, 1.5, 2);
        assertArrayEquals(filters.gaussian(p, 1.5).data(), jet.smoothed().data());
        assertArrayEquals(filters.derivative(p, 1.5, 1, 0).data(), jet.dx().data());
        assertArrayEquals(filters.derivative(p, 1.5, 0, 1).data(), jet.dy().data());
        assertArrayEquals(filters.derivative(p, 1.5, 2, 0).data(), jet.dxx().data());
        assertArrayEquals(filters.derivative(p, 1.5, 1, 1).data(), jet.dxy().data());
        assertArrayEquals(filters.derivative(p, 1.5, 0, 2).data(), jet.dyy().data());
    }

    /* f = (x-32)^2 + 3 (y-24)^2: Hessian [[2, 0], [0, 6]] everywhere, so eigenvalues 6 and 2. */
    @Test
    void hessianEigenvaluesOfAQuadraticBowl() {
        FloatPlane bowl = plane(64, 48, (x, y) -> (x - 32f) * (x - 32f) + 3f * (y - 24f) * (y - 24f));
        double sigma = 2;
        int margin = (int) Math.ceil(Kernel1D.RADIUS_IN_SIGMAS * sigma);
        Eigenvalues e = filters.hessianEigenvalues(bowl, sigma);
        for (int y = margin; y < 48 - margin; y++) {
            for (int x = margin; x < 64 - margin; x++) {
                assertEquals(6f, e.larger().get(x, y), 1e-2f);
                assertEquals(2f, e.smaller().get(x, y), 1e-2f);
            }
        }
    }

    @Test
    void symmetricEigenvaluesOfAHandComputedTensor() {
        // [[2, 1], [1, 2]] has eigenvalues 3 (along (1,1)) and 1 (along (1,-1))
        Eigenvalues e = Filters.symmetricEigenvalues(plane(1, 1, (x, y) -> 2f), plane(1, 1, (x, y) -> 1f), plane(1, 1, (x, y) -> 2f));
        assertEquals(3f, e.larger().get(0, 0), 1e-6f);
        assertEquals(1f, e.smaller().get(0, 0), 1e-6f);
    }

    @Test
    void laplacianIsNegativeAtTheCentreOfABrightBlob() {
        FloatPlane blob = plane(41, 41, (x, y) -> (float) (10 * Math.exp(-((x - 20) * (x - 20) + (y - 20) * (y - 20)) / (2.0 * 9))));
        FloatPlane log = filters.laplacianOfGaussian(blob, 3);
        assertTrue(log.get(20, 20) < 0, "LoG at the centre: " + log.get(20, 20));
        assertTrue(log.get(20, 20) < log.get(26, 20), "the centre is the minimum along a line");
        FloatPlane dog = filters.differenceOfGaussians(blob, 1.5, 3);
        assertTrue(dog.get(20, 20) > 0, "DoG is positive on a bright blob");
    }

    @Test
    void structureTensorOfARampIsOneOriented() {
        FloatPlane ramp = plane(40, 40, (x, y) -> 0.5f * x);
        Eigenvalues e = filters.structureTensorEigenvalues(ramp, 1);
        FloatPlane coherence = Filters.coherence(e, 0f);
        // interior: gradient (0.5, 0) everywhere, tensor [[0.25, 0], [0, 0]]
        assertEquals(0.25f, e.larger().get(20, 20), 1e-4f);
        assertEquals(0f, e.smaller().get(20, 20), 1e-4f);
        assertEquals(1f, coherence.get(20, 20), 1e-3f);
        assertEquals(0f, Filters.coherence(filters.structureTensorEigenvalues(plane(5, 5, (x, y) -> 1f), 1), 0f).get(2, 2));
    }

    @Test
    void localStdOfAConstantIsZeroAndOfACheckerboardIsOne() {
        FloatPlane constant = filters.localStd(plane(30, 20, (x, y) -> 1234.5f), 2);
        for (float v : constant.data()) {
            assertEquals(0f, v);
        }
        FloatPlane checker = filters.localStd(plane(30, 30, (x, y) -> (x + y) % 2 == 0 ? 1f : -1f), 3);
        assertEquals(1f, checker.get(15, 15), 1e-3f);
    }

    @Test
    void averagePoolAveragesWholeAndPartialCells() {
        // 3x3 with values 0..8 pooled by 2: cells {0,1,3,4}, {2,5}, {6,7}, {8}
        FloatPlane p = plane(3, 3, (x, y) -> y * 3 + x);
        FloatPlane pooled = filters.averagePool(p, 2);
        assertEquals(2, pooled.width());
        assertEquals(2, pooled.height());
        assertArrayEquals(new float[] {2f, 3.5f, 6.5f, 8f}, pooled.data());
        assertArrayEquals(p.data(), filters.averagePool(p, 1).data());
        assertThrows(IllegalArgumentException.class, () -> filters.averagePool(p, 0));
    }

    @Test
    void resultsDoNotDependOnTheNumberOfThreads() {
        FloatPlane p = random(123, 77, 2);
        Filters one = new Filters(new ForkJoinPool(1)), three = new Filters(new ForkJoinPool(3));
        Filters.GaussianJet a = one.jet(p, 2.5, 2), b = three.jet(p, 2.5, 2);
        assertArrayEquals(a.dxy().data(), b.dxy().data());
        assertArrayEquals(one.structureTensorEigenvalues(p, 2).larger().data(), three.structureTensorEigenvalues(p, 2).larger().data());
        assertArrayEquals(one.averagePool(p, 3).data(), three.averagePool(p, 3).data());
    }

    @Test
    void badArgumentsAreRefused() {
        FloatPlane p = new FloatPlane(4, 4);
        assertThrows(IllegalArgumentException.class, () -> filters.gaussian(p, 0));
        assertThrows(IllegalArgumentException.class, () -> filters.derivative(p, 1, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> filters.jet(p, 1, 3));
    }

    private static FloatPlane random(int w, int h, long seed) {
        Random r = new Random(seed);
        return plane(w, h, (x, y) -> r.nextFloat());
    }
}
