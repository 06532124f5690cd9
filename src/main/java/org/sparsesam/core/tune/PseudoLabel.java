package org.sparsesam.core.tune;

import java.util.Arrays;
import java.util.List;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.instance.BinaryMask;
import org.sparsesam.core.instance.BinaryMorphology;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.core.prompt.Point;

/**
 * A per-cell training target on a feature grid: a 0/1 label and a weight, where weight 0 means "not sure,
 * do not train on it". Cells near a click are certain and weigh more than the cells the probability map
 * is merely confident about.
 */
public final class PseudoLabel {
    private final int width;
    private final int height;
    private final float[] target;
    private final float[] weight;
    private final int[] clickCells;

    private PseudoLabel(int width, int height, float[] target, float[] weight, int[] clickCells) {
        this.width = width;
        this.height = height;
        this.target = target;
        this.weight = weight;
        this.clickCells = clickCells;
    }

    /**
     * Confident cells of {@code probability} (a grid-sized foreground probability map in [0, 1]) plus the
     * clicks, mapped from image pixels to grid cells through {@code grid}.
     */
    public static PseudoLabel fromProbability(FloatPlane probability, List<Point> clicks, FeatureGrid grid,
                                              PseudoLabelSettings settings) {
        if (probability.width() != grid.gridWidth() || probability.height() != grid.gridHeight()) {
            throw new IllegalArgumentException("probability map is " + probability.width() + "x" + probability.height()
                    + " but the feature grid is " + grid.gridWidth() + "x" + grid.gridHeight());
        }
        int w = probability.width(), h = probability.height();
        float[] p = probability.data();
        float[] target = new float[p.length];
        float[] weight = new float[p.length];
        // Thresholds in float, like the map: a user's 0.7 then means the map's 0.7f, not "just above it".
        float fgAbove = (float) (0.5 + settings.foregroundMargin());
        float bgBelow = (float) (0.5 - settings.backgroundMargin());
        for (int i = 0; i < p.length; i++) {
            // Foreground is tested first so that margin 0 makes p = 0.5 foreground, not both.
            if (p[i] >= fgAbove) {
                target[i] = 1;
                weight[i] = 1;
            } else if (p[i] <= bgBelow) {
                weight[i] = 1;
            }
        }
        int[] clicked = markClicks(clicks, grid, settings, target, weight);
        return new PseudoLabel(w, h, target, weight, clicked);
    }

    /**
     * The map to tune against, corrected where a foreground click says the map is wrong in a way the output will
     * undo: a click in a hole of the map's foreground (p &lt; 0.5 enclosed by p &gt; 0.5), such as a gland's pale lumen,
     * which the stain prior calls confidently background. The output fills holes, so that whole hole is foreground:
     * its probabilities are reflected (p becomes 1 - p), and the tuned model learns lumen as gland instead of the
     * opposite of what the output will say. Holes no foreground click is in are left alone: between touching nuclei,
     * a hole is a gap, and teaching it as foreground would merge them. {@code probability} is not changed.
     */
    public static FloatPlane clickedHolesFilled(FloatPlane probability, List<Point> clicks) {
        LabelImage holes = BinaryMorphology.holes(BinaryMask.above(probability, 0.5f));
        int w = probability.width(), h = probability.height();
        boolean[] clicked = new boolean[holes.maxLabel() + 1];
        for (Point click : clicks) {
            int x = (int) Math.round(click.x()), y = (int) Math.round(click.y()); // pixel centres at whole coordinates
            if (click.isForeground() && x >= 0 && y >= 0 && x < w && y < h) {
                clicked[holes.get(x, y)] = true;
            }
        }
        clicked[0] = false;
        FloatPlane out = probability.copy();
        float[] p = out.data();
        int[] l = holes.data();
        for (int i = 0; i < p.length; i++) {
            if (clicked[l[i]]) {
                p[i] = 1 - p[i];
            }
        }
        return out;
    }

    /** A pseudo-label given cell by cell (from a drawn mask, say); arrays are copied. */
    public static PseudoLabel of(int width, int height, float[] target, float[] weight) {
        if (target.length != width * height || weight.length != target.length) {
            throw new IllegalArgumentException("target and weight must hold " + width + "x" + height + " cells");
        }
        for (int i = 0; i < target.length; i++) {
            if ((target[i] != 0 && target[i] != 1) || !(weight[i] >= 0) || Float.isInfinite(weight[i])) {
                throw new IllegalArgumentException("cell " + i + ": target must be 0 or 1 and weight finite and >= 0");
            }
        }
        return new PseudoLabel(width, height, target.clone(), weight.clone(), new int[0]);
    }

    /** Where click discs overlap, the nearest click decides, so a bg click beside an fg click keeps its centre. */
    private static int[] markClicks(List<Point> clicks, FeatureGrid grid, PseudoLabelSettings settings,
                                    float[] target, float[] weight) {
        if (clicks.isEmpty()) {
            return new int[0];
        }
        int w = grid.gridWidth(), h = grid.gridHeight();
        int r = settings.clickRadius();
        float clickWeight = (float) settings.clickWeight();
        float[] nearest = new float[target.length];
        Arrays.fill(nearest, Float.POSITIVE_INFINITY);
        for (Point click : clicks) {
            int cx = grid.gridX(click.x()), cy = grid.gridY(click.y());
            float label = click.isForeground() ? 1 : 0;
            for (int y = Math.max(0, cy - r); y <= Math.min(h - 1, cy + r); y++) {
                for (int x = Math.max(0, cx - r); x <= Math.min(w - 1, cx + r); x++) {
                    int d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                    int i = y * w + x;
                    if (d2 <= r * r && d2 < nearest[i]) {
                        nearest[i] = d2;
                        target[i] = label;
                        weight[i] = clickWeight;
                    }
                }
            }
        }
        int count = 0;
        for (float d : nearest) {
            if (d != Float.POSITIVE_INFINITY) {
                count++;
            }
        }
        int[] cells = new int[count];
        for (int i = 0, n = 0; i < nearest.length; i++) {
            if (nearest[i] != Float.POSITIVE_INFINITY) {
                cells[n++] = i;
            }
        }
        return cells;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int cellCount() {
        return target.length;
    }

    /** 1 for foreground, 0 for background; meaningless where {@link #weight} is 0. */
    public float target(int cell) {
        return target[cell];
    }

    public float weight(int cell) {
        return weight[cell];
    }

    public boolean isConfident(int cell) {
        return weight[cell] > 0;
    }

    /** Indices of all cells with a positive weight, ascending. */
    public int[] confidentCells() {
        int count = 0;
        for (float v : weight) {
            if (v > 0) {
                count++;
            }
        }
        int[] cells = new int[count];
        for (int i = 0, n = 0; i < weight.length; i++) {
            if (weight[i] > 0) {
                cells[n++] = i;
            }
        }
        return cells;
    }

    /** Cells labelled by a click, ascending: few, certain, and worth seeing in every training batch. */
    public int[] clickCells() {
        return clickCells.clone();
    }

    /** The targets as a plane (a copy), for display and debugging. */
    public FloatPlane targetPlane() {
        return new FloatPlane(width, height, target.clone());
    }

    /** The weights as a plane (a copy), for display and debugging. */
    public FloatPlane weightPlane() {
        return new FloatPlane(width, height, weight.clone());
    }
}
