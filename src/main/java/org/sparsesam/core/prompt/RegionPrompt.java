package org.sparsesam.core.prompt;

import java.util.ArrayList;
import java.util.List;

/**
 * Prompts derived from one object of a mask, in image pixel coordinates (pixel centres at integers):
 * positive points inside it, negative points outside it near its box, and its tight box.
 *
 * @param label     the object's label in the label image it came from
 * @param positives foreground points, the first the object's most interior pixel
 * @param negatives background points outside the object, within a margin around its box
 * @param x0        leftmost column of the object (inclusive)
 * @param y0        top row (inclusive)
 * @param x1        rightmost column (inclusive)
 * @param y1        bottom row (inclusive)
 */
public record RegionPrompt(int label, List<Point> positives, List<Point> negatives, int x0, int y0, int x1, int y1) {

    public RegionPrompt {
        positives = List.copyOf(positives);
        negatives = List.copyOf(negatives);
        if (positives.isEmpty()) {
            throw new IllegalArgumentException("an object prompt needs at least one positive point");
        }
    }

    /** Positives then negatives, the order the decoder receives them in. */
    public List<Point> points() {
        List<Point> all = new ArrayList<>(positives);
        all.addAll(negatives);
        return all;
    }

    /** The tight box {x0, y0, x1, y1}, as SAM's batched_mask_to_box gives it (extreme pixel indices). */
    public double[] box() {
        return new double[] {x0, y0, x1, y1};
    }
}
