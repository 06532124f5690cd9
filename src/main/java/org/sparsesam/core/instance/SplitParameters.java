package org.sparsesam.core.instance;

import org.sparsesam.core.SparseSamException;

/**
 * How {@link InstanceSplitter} decides that one blob of foreground is several objects.
 *
 * @param expectedRadius typical object radius in pixels; two seeds closer than this are taken as one
 *                       object (round objects of this radius that far apart would overlap by more than
 *                       half). 0 turns the separation rule off.
 * @param h              depth in pixels a distance-map peak must rise above the saddle joining it to a
 *                       higher one to seed an object of its own (the h of the h-maxima transform).
 *                       Boundary pixelation makes bumps under 1 px, so values of 1 or more ignore them.
 */
public record SplitParameters(double expectedRadius, double h) {

    /** Fraction of the radius a neck must cut into the distance map, see {@link #forExpectedRadius}. */
    public static final double H_PER_RADIUS = 0.2;

    /** Nuclei are about 5 um across: 20 px at 40x (0.25 um per pixel), so a radius of 10 px. */
    public static final double DEFAULT_RADIUS = 10;

    public SplitParameters {
        if (!(expectedRadius >= 0) || Double.isInfinite(expectedRadius)) {
            throw new SparseSamException("The expected object radius is " + expectedRadius + ": give a radius in pixels of 0 or more.");
        }
        if (!(h >= 0) || Double.isInfinite(h)) {
            throw new SparseSamException("The split depth h is " + h + ": give a depth in pixels of 0 or more (1 to 3 suits most images).");
        }
    }

    public static SplitParameters defaults() {
        return forExpectedRadius(DEFAULT_RADIUS);
    }

    /**
     * Parameters that scale with object size. For two equal discs of radius r the neck's half-width is
     * the saddle of the distance map, so h = 0.2 r splits them when their centres are more than 1.2 r
     * apart (a neck under 80% of their width); elongated objects, whose ridge bumps come from outline
     * wiggles much smaller than their width, stay whole. At least 1 px so pixelation never splits.
     */
    public static SplitParameters forExpectedRadius(double expectedRadius) {
        return new SplitParameters(expectedRadius, Math.max(1.0, H_PER_RADIUS * expectedRadius));
    }

    /** Seeds closer than this are merged, keeping the higher one. */
    public double minSeedSeparation() {
        return expectedRadius;
    }
}
