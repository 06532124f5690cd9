package org.sparsesam.core.instance;

import java.util.ArrayList;
import java.util.List;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.prompt.Point;

/** Relabelling, measuring and filtering the objects of a label image. */
public final class Instances {
    private Instances() {}

    /** Labels 1..N with the gaps closed, keeping the objects' order (the smallest label stays first). */
    public static LabelImage relabelSequential(LabelImage labels) {
        long[] areas = ConnectedComponents.areas(labels);
        int[] newLabel = new int[areas.length];
        int next = 0;
        for (int l = 1; l < areas.length; l++) {
            if (areas[l] > 0) {
                newLabel[l] = ++next;
            }
        }
        return mapped(labels, newLabel);
    }

    /** Labels 1..N in raster order of each object's first pixel, as {@link ConnectedComponents} numbers them. */
    public static LabelImage relabelInRasterOrder(LabelImage labels) {
        int[] newLabel = new int[labels.maxLabel() + 1];
        int next = 0;
        for (int v : labels.data()) {
            if (v < 0) {
                throw new IllegalArgumentException("label image holds the negative label " + v);
            }
            if (v != 0 && newLabel[v] == 0) {
                newLabel[v] = ++next;
            }
        }
        return mapped(labels, newLabel);
    }

    /**
     * The objects corrected by the background clicks, relabelled in raster order: the user said "not this" there.
     * An object that holds such a click on its own foreground is wrong whatever else it covers, and goes. A click
     * in a hole the clean-up filled reopens that hole and keeps the object around it (stroma clicked as foreground
     * encloses the nuclei clicked as background; a merged region encloses stroma). {@code foreground} is the mask
     * before holes were filled. Clicks are in this image's pixel coordinates (centres at whole numbers); those
     * outside it are ignored, so a tile can pass every click shifted by its origin. {@code labels} are 1..N in raster order,
     * as {@link ObjectScale#toInstances} gives them, and come back as they are when no click is on an object.
     */
    public static LabelImage correctedByBackgroundClicks(LabelImage labels, BinaryMask foreground, List<Point> clicks) {
        int w = labels.width(), h = labels.height();
        int[] l = labels.data();
        boolean[] fg = foreground.data();
        List<Point> onObjects = new ArrayList<>();
        boolean inFilledHole = false;
        for (Point click : clicks) {
            int x = (int) Math.round(click.x()), y = (int) Math.round(click.y());
            if (!click.isForeground() && x >= 0 && y >= 0 && x < w && y < h && labels.get(x, y) != 0) {
                onObjects.add(click);
                inFilledHole |= !fg[y * w + x];
            }
        }
        if (onObjects.isEmpty()) {
            return labels; // already 1..N in raster order: nothing to drop (the common case, spared a pass over the image)
        }
        // Holes are labelled only when a click sits in one: a live click should not pay for a labelling of the background.
        LabelImage holes = inFilledHole ? BinaryMorphology.holes(foreground) : null;
        boolean[] dropObject = new boolean[labels.maxLabel() + 1], reopen = new boolean[holes == null ? 1 : holes.maxLabel() + 1];
        for (Point click : onObjects) {
            int x = (int) Math.round(click.x()), y = (int) Math.round(click.y());
            if (fg[y * w + x]) {
                dropObject[labels.get(x, y)] = true;
            } else {
                reopen[holes.get(x, y)] = true;
            }
        }
        dropObject[0] = false;
        reopen[0] = false;
        int[] hole = holes == null ? null : holes.data(), out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = dropObject[l[i]] || (hole != null && reopen[hole[i]]) ? 0 : l[i];
        }
        return relabelInRasterOrder(new LabelImage(w, h, out));
    }

    /**
     * One entry per object present, in label order. The centroid is the mean pixel position with pixel
     * centres at whole coordinates (as {@link FloatPlane#sample} has them; ImageJ's centroids are 0.5 more).
     * {@code probability} may be null, which makes every mean probability NaN.
     */
    public static List<InstanceInfo> describe(LabelImage labels, FloatPlane probability) {
        int w = labels.width();
        if (probability != null && (probability.width() != w || probability.height() != labels.height())) {
            throw new IllegalArgumentException("labels " + w + "x" + labels.height() + " and probability "
                    + probability.width() + "x" + probability.height() + " differ in size");
        }
        int n = labels.maxLabel();
        long[] area = new long[n + 1];
        double[] sumX = new double[n + 1], sumY = new double[n + 1], sumP = new double[n + 1];
        int[] l = labels.data();
        float[] p = probability == null ? null : probability.data();
        // row by row: no division per pixel (this runs after every live click)
        for (int y = 0, i = 0; y < labels.height(); y++) {
            for (int x = 0; x < w; x++, i++) {
                int v = l[i];
                if (v == 0) {
                    continue;
                }
                if (v < 0) {
                    throw new IllegalArgumentException("label image holds the negative label " + v);
                }
                area[v]++;
                sumX[v] += x;
                sumY[v] += y;
                if (p != null) {
                    sumP[v] += p[i];
                }
            }
        }
        List<InstanceInfo> infos = new ArrayList<>();
        for (int v = 1; v <= n; v++) {
            if (area[v] > 0) {
                double mean = p == null ? Double.NaN : sumP[v] / area[v];
                infos.add(new InstanceInfo(v, area[v], sumX[v] / area[v], sumY[v] / area[v], mean));
            }
        }
        return infos;
    }

    /** Keeps the objects of {@code minArea}..{@code maxArea} pixels (both inclusive) and relabels them 1..N in order. */
    public static LabelImage filterByArea(LabelImage labels, long minArea, long maxArea) {
        long[] areas = ConnectedComponents.areas(labels);
        int[] newLabel = new int[areas.length];
        int next = 0;
        for (int l = 1; l < areas.length; l++) {
            if (areas[l] > 0 && areas[l] >= minArea && areas[l] <= maxArea) {
                newLabel[l] = ++next;
            }
        }
        return mapped(labels, newLabel);
    }

    private static LabelImage mapped(LabelImage labels, int[] newLabel) {
        int[] src = labels.data();
        int[] out = new int[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = newLabel[src[i]];
        }
        return new LabelImage(labels.width(), labels.height(), out);
    }
}
