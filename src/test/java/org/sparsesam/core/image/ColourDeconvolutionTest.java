package org.sparsesam.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparsesam.core.image.ColourDeconvolution.StainPlanes;

class ColourDeconvolutionTest {

    private static RasterImage onePixel(float r, float g, float b) {
        return RasterImage.rgb(plane(r), plane(g), plane(b));
    }

    private static FloatPlane plane(float v) {
        return new FloatPlane(1, 1, new float[] {v});
    }

    /*
     * Purple pixel (R, G, B) = (110, 60, 160).
     * OD = -log10(I/255):  R 0.36515, G 0.62839, B 0.20242.
     * Normalised vectors (ImageJ's H&E): H = (0.64432, 0.71668, 0.26689), E = (0.09283, 0.95455, 0.28324),
     * residual = H x E / |H x E| = (-0.09033, -0.27522, 0.95713).
     * Inverse of the matrix with rows H, E, residual:
     *   [ 1.73029  -1.32515  -0.09033 ]
     *   [-0.19969   1.11819  -0.27522 ]
     *   [ 0.10588   0.19647   0.95713 ]
     * concentrations = OD (row) x inverse:
     *   H = 0.36515*1.73029 + 0.62839*(-0.19969) + 0.20242*0.10588 = 0.63182 - 0.12548 + 0.02143 = 0.52777
     *   E = 0.36515*(-1.32515) + 0.62839*1.11819 + 0.20242*0.19647 = -0.48388 + 0.70266 + 0.03977 = 0.25855
     *   residual = 0.36515*(-0.09033) + 0.62839*(-0.27522) + 0.20242*0.95713 = -0.03298 - 0.17294 + 0.19374 = -0.01218
     */
    @Test
    void purplePixelMatchesHandComputedConcentrations() {
        StainPlanes s = ColourDeconvolution.deconvolve(onePixel(110, 60, 160));
        assertEquals(0.52777, s.haematoxylin().get(0, 0), 2e-4);
        assertEquals(0.25855, s.eosin().get(0, 0), 2e-4);
        assertEquals(-0.01218, s.residual().get(0, 0), 2e-4);
    }

    /* 0.8 units of pure haematoxylin along ImageJ's H vector: I = 255 * 10^(-0.8 * H) = (77.82, 68.11, 155.97). */
    @Test
    void pureHaematoxylinHasNoEosin() {
        double[] h = ColourDeconvolution.stainMatrix()[0];
        float[] px = new float[3];
        for (int c = 0; c < 3; c++) {
            px[c] = (float) (255 * Math.pow(10, -0.8 * h[c]));
        }
        StainPlanes s = ColourDeconvolution.deconvolve(onePixel(px[0], px[1], px[2]));
        assertEquals(0.8, s.haematoxylin().get(0, 0), 1e-4);
        assertEquals(0.0, s.eosin().get(0, 0), 1e-4);
        assertEquals(0.0, s.residual().get(0, 0), 1e-4);
    }

    @Test
    void whiteIsUnstainedAndBlackIsFinite() {
        StainPlanes white = ColourDeconvolution.deconvolve(onePixel(255, 255, 255));
        assertEquals(0f, white.haematoxylin().get(0, 0));
        assertEquals(0f, white.eosin().get(0, 0));
        StainPlanes black = ColourDeconvolution.deconvolve(onePixel(0, 0, 0));
        // black is floored at intensity 1: OD log10(255) = 2.4065 in every channel, finite
        assertEquals(2.4065, ColourDeconvolution.opticalDensity(0), 1e-4);
        assertTrue(Float.isFinite(black.haematoxylin().get(0, 0)));
    }

    @Test
    void mixtureOfStainsIsUnmixed() {
        double[][] m = ColourDeconvolution.stainMatrix();
        double ch = 0.5, ce = 0.3;
        float[] px = new float[3];
        for (int c = 0; c < 3; c++) {
            px[c] = (float) (255 * Math.pow(10, -(ch * m[0][c] + ce * m[1][c])));
        }
        StainPlanes s = ColourDeconvolution.deconvolve(onePixel(px[0], px[1], px[2]));
        assertEquals(ch, s.haematoxylin().get(0, 0), 1e-4);
        assertEquals(ce, s.eosin().get(0, 0), 1e-4);
        assertEquals(0, s.residual().get(0, 0), 1e-4);
    }

    @Test
    void greyImageIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ColourDeconvolution.deconvolve(RasterImage.grey(plane(3))));
    }
}
