package org.sparsesam.core.similarity;

import java.util.Arrays;
import org.sparsesam.core.image.Filters;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.BinaryMask;

/**
 * Where touching objects meet, read from the stain: the weight that the instance splitter multiplies its
 * distance landscape by (see {@link org.sparsesam.core.instance.InstanceSplitter}). Two touching nuclei whose
 * union is nearly round leave one peak in the distance to the background, so shape alone keeps them as one
 * object; the thin, paler seam between them is still there in the stain, and weighting the distance by stain
 * density turns it into a valley that the watershed follows. The foreground probability does not show seams:
 * the stain prior is smoothed and saturates inside objects.
 *
 * <p>The stain is the one the prior chose, in its polarity, smoothed only enough to quiet pixel noise, and
 * ranged over the objects themselves (5th to 95th percentile inside the mask), so that pale and dark images
 * weigh alike. Half the landscape stays shape: a seam must be paler <em>and</em> narrower than the objects to
 * split them, and chromatin texture inside one nucleus, paler but not narrower, does not.
 */
public final class SeamWeight {
    /** Gaussian smoothing of the stain in pixels: pixel noise off, a seam one or two pixels wide kept. */
    static final double SIGMA = 1.0;
    /** The share of the landscape that follows the stain; the rest is the distance alone. */
    static final double STAIN_SHARE = 0.5;
    static final double LOW_PERCENTILE = 0.05, HIGH_PERCENTILE = 0.95;

    private SeamWeight() {}

    /** The weight in [1 - {@link #STAIN_SHARE}, 1] at every pixel of {@code image}, for the objects of {@code mask}. */
    public static FloatPlane of(RasterImage image, StainScales.Candidate prior, BinaryMask mask) {
        return of(stain(image, prior.stain()), prior.polarity(), mask);
    }

    /**
     * The stain that seams are read from: one of {@link StainScales#stainNames}, smoothed by {@link #SIGMA}. It
     * depends on the image only, so a caller segmenting one image again after another click can keep it.
     */
    public static FloatPlane stain(RasterImage image, String stain) {
        return new Filters().gaussian(StainScales.stainPlane(image, stain), SIGMA);
    }

    /** As {@link #of(RasterImage, StainScales.Candidate, BinaryMask)}, from the {@link #stain} kept from before. */
    public static FloatPlane of(FloatPlane seamStain, int polarity, BinaryMask mask) {
        float[] s = seamStain.data();
        float[] inside = insideValues(s, polarity, mask.data());
        FloatPlane out = new FloatPlane(seamStain.width(), seamStain.height());
        float[] o = out.data();
        if (inside.length == 0) {
            Arrays.fill(o, 1f);
            return out;
        }
        Arrays.sort(inside);
        float low = inside[(int) Math.floor(LOW_PERCENTILE * (inside.length - 1))];
        float high = inside[(int) Math.floor(HIGH_PERCENTILE * (inside.length - 1))];
        float range = Math.max(1e-6f, high - low);
        for (int i = 0; i < o.length; i++) {
            double density = Math.max(0, Math.min(1, (polarity * s[i] - low) / range));
            o[i] = (float) (1 - STAIN_SHARE + STAIN_SHARE * density);
        }
        return out;
    }

    private static float[] insideValues(float[] stain, int polarity, boolean[] mask) {
        int count = 0;
        for (boolean m : mask) {
            count += m ? 1 : 0;
        }
        float[] values = new float[count];
        int k = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                values[k++] = polarity * stain[i];
            }
        }
        return values;
    }
}
