package org.sparsesam.core.prompt;

import java.util.Arrays;
import org.sparsesam.core.instance.LabelImage;

/**
 * The objects of a label image as the click simulator needs them, gathered in one pass: their pixels,
 * the pixels where a click keeps its margin, centroids and bounding boxes. Objects are indexed 0..n-1
 * in ascending label order.
 */
final class ClickSimulatorObjects {
    private final int width;
    private final int[] labels;
    private final int[] start;
    private final int[] pixels;
    private final int[][] clickable;
    private final boolean[] hasInterior;
    private final double[] centroidX;
    private final double[] centroidY;
    private final int[] boxCentre;

    ClickSimulatorObjects(LabelImage objects, int interiorMargin) {
        width = objects.width();
        int[] l = objects.data();
        labels = Arrays.stream(l).filter(v -> v != 0).distinct().sorted().toArray();
        int n = labels.length;
        start = new int[n + 1];
        for (int v : l) {
            if (v != 0) {
                start[indexOf(v) + 1]++;
            }
        }
        for (int o = 0; o < n; o++) {
            start[o + 1] += start[o];
        }
        pixels = new int[start[n]];
        int[] fill = Arrays.copyOf(start, n);
        for (int p = 0; p < l.length; p++) {
            if (l[p] != 0) {
                pixels[fill[indexOf(l[p])]++] = p;
            }
        }
        double[] d2 = ClickSimulatorDistances.interiorSquared(objects);
        double need = (double) interiorMargin * interiorMargin;
        clickable = new int[n][];
        hasInterior = new boolean[n];
        centroidX = new double[n];
        centroidY = new double[n];
        boxCentre = new int[n];
        for (int o = 0; o < n; o++) {
            double max = 0;
            long sx = 0, sy = 0;
            int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
            for (int k = start[o]; k < start[o + 1]; k++) {
                int p = pixels[k], x = p % width, y = p / width;
                max = Math.max(max, d2[p]);
                sx += x;
                sy += y;
                x0 = Math.min(x0, x);
                y0 = Math.min(y0, y);
                x1 = Math.max(x1, x);
                y1 = Math.max(y1, y);
            }
            int size = start[o + 1] - start[o];
            centroidX[o] = (double) sx / size;
            centroidY[o] = (double) sy / size;
            boxCentre[o] = (y0 + y1) / 2 * width + (x0 + x1) / 2;
            hasInterior[o] = max >= need;
            double threshold = hasInterior[o] ? need : max;
            clickable[o] = Arrays.stream(pixels, start[o], start[o + 1]).filter(p -> d2[p] >= threshold).toArray();
        }
    }

    private int indexOf(int label) {
        return Arrays.binarySearch(labels, label);
    }

    int count() {
        return labels.length;
    }

    int width() {
        return width;
    }

    int label(int o) {
        return labels[o];
    }

    /** Pixels of object o at least the margin from its border, or its most interior pixels when none is. */
    int[] clickable(int o) {
        return clickable[o];
    }

    boolean hasInterior(int o) {
        return hasInterior[o];
    }

    int[] allClickable() {
        return Arrays.stream(clickable).flatMapToInt(Arrays::stream).sorted().toArray();
    }

    double centroidX(int o) {
        return centroidX[o];
    }

    double centroidY(int o) {
        return centroidY[o];
    }

    /** Pixel index of the centre of object o's bounding box (which may lie outside the object). */
    int boundingBoxCentre(int o) {
        return boxCentre[o];
    }
}
