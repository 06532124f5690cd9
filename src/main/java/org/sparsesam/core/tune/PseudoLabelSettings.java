package org.sparsesam.core.tune;

import org.sparsesam.core.SparseSamException;

/**
 * How a foreground probability map becomes a pseudo-label.
 *
 * @param foregroundMargin a cell is confident foreground where p >= 0.5 + foregroundMargin
 * @param backgroundMargin a cell is confident background where p <= 0.5 - backgroundMargin
 * @param clickRadius      cells within this distance (in grid cells) of a click take the click's label
 * @param clickWeight      loss weight of those cells; other confident cells weigh 1
 */
public record PseudoLabelSettings(double foregroundMargin, double backgroundMargin, int clickRadius, double clickWeight) {

    public PseudoLabelSettings {
        checkMargin("foreground", foregroundMargin);
        checkMargin("background", backgroundMargin);
        if (clickRadius < 0) {
            throw new SparseSamException("click radius is " + clickRadius + ": use 0 (the clicked cell only) or more.");
        }
        if (!(clickWeight > 0) || Double.isInfinite(clickWeight)) {
            throw new SparseSamException("click weight is " + clickWeight + ": use a positive number (10 is typical).");
        }
    }

    private static void checkMargin(String which, double margin) {
        if (!(margin >= 0 && margin <= 0.5)) {
            throw new SparseSamException(which + " margin is " + margin + ": use a number between 0 and 0.5.");
        }
    }

    /** Confident beyond 0.7 / below 0.3; clicks are certain and weigh ten ordinary cells. */
    public static PseudoLabelSettings defaults() {
        return new PseudoLabelSettings(0.2, 0.2, 2, 10);
    }
}
