package org.sparsesam.core.encode;

import java.util.ArrayList;
import java.util.List;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.image.ColourDeconvolution;
import org.sparsesam.core.image.Filters;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.image.StainPlanes;

/**
 * The built-in H&amp;E encoder: needs no model download and runs anywhere. Colour deconvolution gives the
 * haematoxylin and eosin planes (nuclei vs cytoplasm and stroma); on each, at several scales, it computes
 * the classical descriptors of blob-like and fibrous structure that pixel classifiers in Fiji use:
 * Gaussian, difference of Gaussians, Laplacian, Hessian eigenvalues, structure-tensor energy and
 * coherence, and local standard deviation. Every channel is standardised per image, so cosine similarity
 * weighs them alike and staining differences between slides matter less.
 */
public final class BuiltinEncoder implements Encoder {
    public static final String ID = "builtin-v1";
    static final double[] SIGMAS = {1, 2, 4, 8};
    static final String[] DESCRIPTORS = {"gauss", "dog", "log", "hessian-max", "hessian-min", "structure", "coherence", "std"};

    private final int stride;

    public BuiltinEncoder() {
        this(1);
    }

    /** @param stride grid step in pixels; features are averaged over each stride x stride cell */
    public BuiltinEncoder(int stride) {
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be at least 1");
        }
        this.stride = stride;
    }

    @Override
    public String id() {
        return stride == 1 ? ID : ID + "/stride" + stride;
    }

    @Override
    public FeatureGrid encode(RasterImage image, Progress progress, CancelToken cancel) {
        List<FloatPlane> bases = new ArrayList<>();
        List<String> baseNames = new ArrayList<>();
        if (image.isRgb()) {
            StainPlanes stains = ColourDeconvolution.deconvolve(image);
            bases.add(stains.haematoxylin());
            baseNames.add("H");
            bases.add(stains.eosin());
            baseNames.add("E");
        } else {
            progress.note("grey image: using intensity features only (no stain separation)");
            bases.add(image.intensity());
            baseNames.add("I");
        }
        List<FloatPlane> channels = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int steps = bases.size() * SIGMAS.length, step = 0;
        for (int b = 0; b < bases.size(); b++) {
            FloatPlane base = bases.get(b);
            for (double sigma : SIGMAS) {
                cancel.throwIfCancelled();
                progress.report("encode " + baseNames.get(b) + " sigma " + (int) sigma, (double) step++ / steps);
                FloatPlane[] f = descriptors(base, sigma);
                for (int d = 0; d < f.length; d++) {
                    channels.add(pool(standardise(f[d]), stride));
                    names.add(baseNames.get(b) + "/" + DESCRIPTORS[d] + "/s" + (int) sigma);
                }
            }
        }
        progress.report("encode", 1.0);
        return new FeatureGrid(channels.toArray(new FloatPlane[0]), names.toArray(new String[0]), stride, image.width(), image.height());
    }

    /** The eight descriptors of one plane at one scale, in the order of {@link #DESCRIPTORS}. */
    static FloatPlane[] descriptors(FloatPlane p, double sigma) {
        // Shared x passes: smoothing, first and second derivative kernels.
        FloatPlane x0 = Filters.derivative(p, sigma, 0, -1), x1 = Filters.derivative(p, sigma, 1, -1), x2 = Filters.derivative(p, sigma, 2, -1);
        FloatPlane g = Filters.derivative(x0, sigma, -1, 0);
        FloatPlane gx = Filters.derivative(x1, sigma, -1, 0), gy = Filters.derivative(x0, sigma, -1, 1);
        FloatPlane gxx = Filters.derivative(x2, sigma, -1, 0), gyy = Filters.derivative(x0, sigma, -1, 2), gxy = Filters.derivative(x1, sigma, -1, 1);
        FloatPlane coarser = Filters.gaussian(p, 2 * sigma);
        FloatPlane squares = Filters.gaussian(square(p), sigma);
        int n = g.data().length;
        float s2 = (float) (sigma * sigma);
        FloatPlane dog = new FloatPlane(p.width(), p.height()), log = new FloatPlane(p.width(), p.height());
        FloatPlane hMax = new FloatPlane(p.width(), p.height()), hMin = new FloatPlane(p.width(), p.height());
        FloatPlane std = new FloatPlane(p.width(), p.height());
        FloatPlane jxx = new FloatPlane(p.width(), p.height()), jxy = new FloatPlane(p.width(), p.height()), jyy = new FloatPlane(p.width(), p.height());
        for (int i = 0; i < n; i++) {
            float a = gxx.data()[i] * s2, c = gyy.data()[i] * s2, b = gxy.data()[i] * s2;
            float mean = 0.5f * (a + c), radius = (float) Math.sqrt(0.25f * (a - c) * (a - c) + b * b);
            hMax.data()[i] = mean + radius;
            hMin.data()[i] = mean - radius;
            log.data()[i] = a + c;
            dog.data()[i] = g.data()[i] - coarser.data()[i];
            float m = g.data()[i];
            std.data()[i] = (float) Math.sqrt(Math.max(0, squares.data()[i] - m * m));
            float dx = gx.data()[i] * (float) sigma, dy = gy.data()[i] * (float) sigma;
            jxx.data()[i] = dx * dx;
            jxy.data()[i] = dx * dy;
            jyy.data()[i] = dy * dy;
        }
        // Structure tensor integrated over twice the derivative scale: energy and orientation coherence.
        jxx = Filters.gaussian(jxx, 2 * sigma);
        jxy = Filters.gaussian(jxy, 2 * sigma);
        jyy = Filters.gaussian(jyy, 2 * sigma);
        FloatPlane energy = new FloatPlane(p.width(), p.height()), coherence = new FloatPlane(p.width(), p.height());
        for (int i = 0; i < n; i++) {
            float a = jxx.data()[i], b = jxy.data()[i], c = jyy.data()[i];
            float trace = a + c, radius = (float) Math.sqrt(0.25f * (a - c) * (a - c) + b * b);
            energy.data()[i] = 0.5f * trace + radius;
            coherence.data()[i] = trace > 1e-12f ? 2 * radius / trace : 0f;
        }
        return new FloatPlane[] {g, dog, log, hMax, hMin, energy, coherence, std};
    }

    private static FloatPlane square(FloatPlane p) {
        FloatPlane out = new FloatPlane(p.width(), p.height());
        for (int i = 0; i < out.data().length; i++) {
            out.data()[i] = p.data()[i] * p.data()[i];
        }
        return out;
    }

    /** Zero mean, unit variance; a constant channel becomes zeros rather than NaN. */
    static FloatPlane standardise(FloatPlane p) {
        float[] d = p.data();
        double sum = 0, sq = 0;
        for (float v : d) {
            sum += v;
        }
        double mean = sum / d.length;
        for (float v : d) {
            sq += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(sq / d.length);
        float scale = sd > 1e-12 ? (float) (1 / sd) : 0f;
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (d[i] - mean) * scale;
        }
        return p;
    }

    /** Average over stride x stride cells (partial cells at the right and bottom edges average what they hold). */
    static FloatPlane pool(FloatPlane p, int stride) {
        if (stride == 1) {
            return p;
        }
        int gw = (p.width() + stride - 1) / stride, gh = (p.height() + stride - 1) / stride;
        FloatPlane out = new FloatPlane(gw, gh);
        for (int gy = 0; gy < gh; gy++) {
            for (int gx = 0; gx < gw; gx++) {
                double s = 0;
                int n = 0;
                for (int y = gy * stride; y < Math.min(p.height(), (gy + 1) * stride); y++) {
                    for (int x = gx * stride; x < Math.min(p.width(), (gx + 1) * stride); x++) {
                        s += p.get(x, y);
                        n++;
                    }
                }
                out.set(gx, gy, (float) (s / n));
            }
        }
        return out;
    }
}
