package org.sparsesam.core.instance;

import java.util.ArrayList;
import java.util.List;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.prompt.Point;

/**
 * How big the structures are that the user clicked, measured on the initial mask by their inscribed
 * radius: from each foreground click, climb the distance transform to its local maximum, the radius of
 * the largest disc that fits the clicked object. Unlike component areas, this is not inflated when the
 * clicked nucleus touches its neighbours in the mask. The median over clicks sets the smallest object
 * kept and the watershed's expected radius, so the same code serves nuclei and glands.
 *
 * @param radius         median inscribed radius of the clicked objects, in pixels
 * @param clickedObjects how many foreground clicks fell on the mask
 */
public record ObjectScale(double radius, int clickedObjects) {

    /** Objects under this fraction of a clicked object's disc area are noise, not structures. */
    static final double MIN_AREA_FRACTION = 0.15;
    static final int ABSOLUTE_MIN_AREA = 4;

    public static ObjectScale fromClicks(BinaryMask mask, List<Point> points) {
        List<Double> radii = clickRadii(mask, points);
        if (radii.isEmpty()) {
            // No click landed on the mask: fall back to the typical size of what the mask holds.
            return new ObjectScale(InstanceSplitter.typicalRadius(mask), 0);
        }
        return fromRadii(radii);
    }

    /** The inscribed radius of the object under each foreground click that lands on the mask, in click order. */
    public static List<Double> clickRadii(BinaryMask mask, List<Point> points) {
        BinaryMask filled = BinaryMorphology.fillHoles(mask);
        List<Double> radii = new ArrayList<>();
        boolean[] seen = null;
        for (Point p : points) {
            int x = (int) Math.round(p.x()), y = (int) Math.round(p.y());
            if (p.isForeground() && x >= 0 && y >= 0 && x < mask.width() && y < mask.height() && filled.get(x, y)) {
                seen = seen == null ? new boolean[filled.size()] : seen;
                radii.add(inscribedRadius(filled, x, y, seen));
            }
        }
        return radii;
    }

    /**
     * The peak of the distance to the background climbed from (x, y), on the 8-connected piece of {@code filled} that
     * holds it, cut out with a pixel of background around it: a pixel's nearest background lies beside its own piece,
     * so the distances equal the whole image's, and a click costs its object's area, not the image's. {@code seen} is
     * all false, as it is left.
     */
    static double inscribedRadius(BinaryMask filled, int x, int y, boolean[] seen) {
        int w = filled.width(), h = filled.height();
        boolean[] fg = filled.data();
        List<Integer> piece = new ArrayList<>();
        int start = y * w + x;
        seen[start] = true;
        piece.add(start);
        int minX = x, maxX = x, minY = y, maxY = y;
        for (int head = 0; head < piece.size(); head++) {
            int p = piece.get(head), px = p % w, py = p / w;
            minX = Math.min(minX, px);
            maxX = Math.max(maxX, px);
            minY = Math.min(minY, py);
            maxY = Math.max(maxY, py);
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int nx = px + dx, ny = py + dy;
                    if (nx >= 0 && ny >= 0 && nx < w && ny < h && fg[ny * w + nx] && !seen[ny * w + nx]) {
                        seen[ny * w + nx] = true;
                        piece.add(ny * w + nx);
                    }
                }
            }
        }
        int x0 = Math.max(0, minX - 1), y0 = Math.max(0, minY - 1);
        int cw = Math.min(w - 1, maxX + 1) - x0 + 1, ch = Math.min(h - 1, maxY + 1) - y0 + 1;
        boolean[] crop = new boolean[cw * ch];
        for (int p : piece) {
            crop[(p / w - y0) * cw + (p % w - x0)] = true;
            seen[p] = false; // all false again for the next click
        }
        FloatPlane distance = DistanceTransform.euclidean(new BinaryMask(cw, ch, crop));
        return climbToPeak(distance, x - x0, y - y0);
    }

    /** The median of radii measured under clicks (at least one), perhaps on different parts of a large image. */
    public static ObjectScale fromRadii(List<Double> radii) {
        double[] sorted = radii.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
        return new ObjectScale(median, n);
    }

    /** Steepest ascent over the 8 neighbours until no neighbour is higher; returns the peak value. */
    static double climbToPeak(FloatPlane distance, int x, int y) {
        int w = distance.width(), h = distance.height();
        float here = distance.get(x, y);
        while (true) {
            int bestX = x, bestY = y;
            float best = here;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int nx = x + dx, ny = y + dy;
                    if (nx >= 0 && ny >= 0 && nx < w && ny < h && distance.get(nx, ny) > best) {
                        best = distance.get(nx, ny);
                        bestX = nx;
                        bestY = ny;
                    }
                }
            }
            if (bestX == x && bestY == y) {
                return here;
            }
            x = bestX;
            y = bestY;
            here = best;
        }
    }

    public int minArea() {
        return (int) Math.max(ABSOLUTE_MIN_AREA, Math.round(MIN_AREA_FRACTION * Math.PI * radius * radius));
    }

    /** As {@link #toInstances(BinaryMask, FloatPlane, int, boolean, boolean)} with holes filled. */
    public LabelImage toInstances(BinaryMask mask, FloatPlane seamWeight, int minArea, boolean split) {
        return toInstances(mask, seamWeight, minArea, split, true);
    }

    /**
     * Holes filled (optionally), small objects removed, touching objects split (optionally), labels 1..N in raster order.
     * The splitter runs on each connected piece of the mask on its own ({@link InstanceLabelling}), which gives what
     * it gives on the whole mask.
     *
     * @param seamWeight null, or a map in [0, 1] whose lows mark the seams between touching objects (see
     *                   {@link InstanceSplitter#split(BinaryMask, FloatPlane, SplitParameters)})
     */
    public LabelImage toInstances(BinaryMask mask, FloatPlane seamWeight, int minArea, boolean split, boolean fillHoles) {
        return toInstances(new InstanceLabelling(), mask, seamWeight, minArea, split, fillHoles);
    }

    /**
     * As {@link #toInstances(BinaryMask, FloatPlane, int, boolean, boolean)}, reusing what {@code labelling} worked out
     * for the previous mask of the same image: only the pieces that changed are analysed again.
     */
    public LabelImage toInstances(InstanceLabelling labelling, BinaryMask mask, FloatPlane seamWeight, int minArea,
                                  boolean split, boolean fillHoles) {
        return toInstances(labelling, mask, seamWeight, minArea, split, fillHoles, 0f, List.of());
    }

    /**
     * As above, then without the fragments: objects where {@code seamWeight}, a map of how central each pixel is, never
     * reaches {@code minCentre} (see {@link InstanceLabelling#label(BinaryMask, FloatPlane, SplitParameters, int, boolean,
     * float, List)}, which keeps those under a foreground click).
     */
    public LabelImage toInstances(InstanceLabelling labelling, BinaryMask mask, FloatPlane seamWeight, int minArea,
                                  boolean split, boolean fillHoles, float minCentre, List<Point> clicks) {
        return labelling.label(fillHoles ? BinaryMorphology.fillHoles(mask) : mask, seamWeight, splitParameters(), minArea, split,
                minCentre, clicks);
    }

    /** How the splitter separates touching objects of this scale. */
    public SplitParameters splitParameters() {
        return SplitParameters.forExpectedRadius(Math.max(1, radius));
    }
}
