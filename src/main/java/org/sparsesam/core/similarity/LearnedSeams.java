package org.sparsesam.core.similarity;

import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.encode.histology.HistologyEncoder;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.Resample;

/**
 * Where touching objects meet, as the learned encoder predicts it: its instance maps give each pixel's distance to
 * the edge of its object (1 at the centre, 0 at the edge), one map for nuclei and one for glands. Used as the weight
 * of the splitter's landscape (see {@link org.sparsesam.core.instance.InstanceSplitter}) in place of
 * {@link SeamWeight}'s stain: the network saw where annotators drew the borders of touching nuclei.
 */
public final class LearnedSeams {
    /**
     * Clicked objects whose inscribed radius is at least this many pixels are glands, smaller ones nuclei: nuclei at 40x
     * are 3-12 px in radius, glands at 20x 25-150 px.
     */
    static final double GLAND_RADIUS_PIXELS = 20;

    private LearnedSeams() {}

    /** The name of the grid's instance map for objects of this inscribed radius (nucleus or gland). */
    public static String mapFor(double objectRadius) {
        return objectRadius >= GLAND_RADIUS_PIXELS ? HistologyEncoder.GLAND_DISTANCE : HistologyEncoder.NUCLEUS_DISTANCE;
    }

    /**
     * How central a nucleus's most central pixel must look to the network for the object to be kept (see
     * {@link org.sparsesam.core.instance.InstanceLabelling}): one whose distance to its edge never reaches half
     * of a nucleus centre's is a fragment (a sliver of stroma or debris over the threshold, the cut-off end of a split),
     * not a nucleus. Measured on MoNuSeg, 5 + 5 clicks, seeds 1 / 2 / 3: Dice 0.800 / 0.799 / 0.804 without it, 0.804 /
     * 0.801 / 0.804 with it; PQ 0.543 / 0.535 / 0.537 to 0.562 / 0.555 / 0.559; AJI within 0.002. A floor of 0.3 gained
     * half as much. None for glands: the gland map is not trained to peak at 0.5 in every gland.
     */
    public static float minimumCentre(String map) {
        return HistologyEncoder.NUCLEUS_DISTANCE.equals(map) ? 0.5f : 0f;
    }

    /** The grid's instance map {@code name} at image resolution, or null if the grid has none. */
    public static FloatPlane weight(FeatureGrid grid, String name, int width, int height) {
        FloatPlane map = grid.auxiliary(name);
        // The map itself, not a blend with shape as the stain's seams need: measured on MoNuSeg (seed 1), the map gave
        // AJI 0.576, half map and half shape 0.553, its square 0.570, its root 0.570; seeds from the map's cores
        // (> 0.3 / 0.45 / 0.6) flooded down the map 0.544 / 0.571 / 0.552.
        return map == null ? null : Resample.upsample(map, grid.stride(), width, height);
    }
}
