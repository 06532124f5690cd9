package org.sparsesam.core.image;

/**
 * Colour deconvolution (Ruifrok &amp; Johnston, Anal Quant Cytol Histol 23:291, 2001) with the H&amp;E
 * stain vectors of ImageJ's "Colour Deconvolution" plugin, so that results match what Fiji users see.
 * Light absorbed by stains adds up in optical density, not in RGB, so each pixel is converted to optical
 * density and then expressed in the stain basis by inverting the stain matrix.
 */
public final class ColourDeconvolution {
    /** Stain optical-density vectors (R, G, B), normalised to unit length below. */
    static final double[] HAEMATOXYLIN = {0.650, 0.704, 0.286};
    static final double[] EOSIN = {0.072, 0.990, 0.105};

    private static final double[][] INVERSE = inverse(stainMatrix());

    private ColourDeconvolution() {}

    public static StainPlanes deconvolve(RasterImage rgb) {
        if (!rgb.isRgb()) {
            throw new IllegalArgumentException("colour deconvolution needs an RGB image");
        }
        int w = rgb.width(), h = rgb.height();
        float[] r = rgb.channel(0).data(), g = rgb.channel(1).data(), b = rgb.channel(2).data();
        FloatPlane hp = new FloatPlane(w, h), ep = new FloatPlane(w, h), rp = new FloatPlane(w, h);
        float[] ho = hp.data(), eo = ep.data(), ro = rp.data();
        java.util.stream.IntStream.range(0, h).parallel().forEach(y -> {
            for (int i = y * w, end = i + w; i < end; i++) {
                double odR = opticalDensity(r[i]), odG = opticalDensity(g[i]), odB = opticalDensity(b[i]);
                ho[i] = (float) (odR * INVERSE[0][0] + odG * INVERSE[1][0] + odB * INVERSE[2][0]);
                eo[i] = (float) (odR * INVERSE[0][1] + odG * INVERSE[1][1] + odB * INVERSE[2][1]);
                ro[i] = (float) (odR * INVERSE[0][2] + odG * INVERSE[1][2] + odB * INVERSE[2][2]);
            }
        });
        return new StainPlanes(hp, ep, rp);
    }

    /**
     * Optical density of an 8-bit intensity. Zero intensity would be infinite density; clamping to 1 keeps
     * black pixels finite (they are saturated, not informative, on a bright-field slide).
     */
    static double opticalDensity(float intensity) {
        return -Math.log10(Math.max(1.0, Math.min(255.0, intensity)) / 255.0);
    }

    /** Rows are the stains' unit OD vectors; the third is the normalised complement of the first two. */
    static double[][] stainMatrix() {
        double[] h = unit(HAEMATOXYLIN), e = unit(EOSIN);
        // Ruifrok's third vector: each component sqrt(1 - h_c^2 - e_c^2) where that is positive.
        double[] third = new double[3];
        for (int c = 0; c < 3; c++) {
            double v = 1 - h[c] * h[c] - e[c] * e[c];
            third[c] = v > 0 ? Math.sqrt(v) : 0;
        }
        return new double[][] {h, e, unit(third)};
    }

    private static double[] unit(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return new double[] {v[0] / n, v[1] / n, v[2] / n};
    }

    /** OD = c · M (row vector times the stain matrix), so c = OD · M^-1. */
    static double[][] inverse(double[][] m) {
        double a = m[0][0], b = m[0][1], c = m[0][2], d = m[1][0], e = m[1][1], f = m[1][2], g = m[2][0], h = m[2][1], i = m[2][2];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        return new double[][] {
            {(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det},
            {(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det},
            {(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det}};
    }
}
