package org.sparsesam.core.instance;

import java.util.ArrayList;
import java.util.List;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.prompt.Point;

/**
 * How big the structures are that the user clicked, measured on the initial mask: the median area of the
 * connected components under the foreground clicks (the median, because a click on a clump of touching
 * nuclei measures the clump). It sets the smallest object kept and the watershed's expected radius, so
 * the same code serves 300-pixel nuclei and 30,000-pixel glands without constants tuned to either.
 *
 * @param medianArea     median clicked-object area in pixels
 * @param clickedObjects how many foreground clicks fell on an object of the mask
 */
public record ObjectScale(double medianArea, int clickedObjects) {

    /** Objects below this fraction of the clicked objects' median area are noise, not structures. */
    static final double MIN_AREA_FRACTION = 0.1;
    static final int ABSOLUTE_MIN_AREA = 4;

    public static ObjectScale fromClicks(BinaryMask mask, List<Point> points) {
        LabelImage components = ConnectedComponents.label(BinaryMorphology.fillHoles(mask));
        long[] areas = ConnectedComponents.areas(components);
        List<Long> clicked = new ArrayList<>();
        for (Point p : points) {
            if (!p.isForeground()) {
                continue;
            }
            int x = (int) Math.round(p.x()), y = (int) Math.round(p.y());
            if (x < 0 || y < 0 || x >= mask.width() || y >= mask.height()) {
                continue;
            }
            int label = components.get(x, y);
            if (label > 0) {
                clicked.add(areas[label]);
            }
        }
        if (clicked.isEmpty()) {
            // No click landed on the mask: fall back to the typical size of what the mask holds.
            double r = InstanceSplitter.typicalRadius(mask);
            return new ObjectScale(Math.PI * r * r, 0);
        }
        long[] sorted = clicked.stream().mapToLong(Long::longValue).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
        return new ObjectScale(median, n);
    }

    public int minArea() {
        return (int) Math.max(ABSOLUTE_MIN_AREA, Math.round(MIN_AREA_FRACTION * medianArea));
    }

    public double expectedRadius() {
        return Math.sqrt(medianArea / Math.PI);
    }

    /** Holes filled, small objects removed, touching objects split (optionally), labels 1..N in raster order. */
    public LabelImage toInstances(BinaryMask mask, FloatPlane probability, int minArea, boolean split) {
        BinaryMask clean = BinaryMorphology.removeSmall(BinaryMorphology.fillHoles(mask), minArea);
        LabelImage labels = split
                ? InstanceSplitter.split(clean, probability, SplitParameters.forExpectedRadius(Math.max(1, expectedRadius())))
                : ConnectedComponents.label(clean);
        // Splitting can leave slivers below the minimum; they are not objects either.
        return Instances.relabelInRasterOrder(Instances.filterByArea(labels, minArea, Long.MAX_VALUE));
    }
}
