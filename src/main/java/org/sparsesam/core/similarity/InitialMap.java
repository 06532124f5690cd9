package org.sparsesam.core.similarity;

import java.util.List;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.encode.SimilarityCalibration;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.image.Resample;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.core.prompt.PointLabel;

/**
 * The initial foreground map: the feature self-similarity to the clicks, blended with the click-calibrated
 * stain prior as the encoder's {@link SimilarityCalibration} says. Hand-made self-similarity finds "things like the
 * clicks" but puts boundaries where the clicks say nothing; the stain prior puts boundaries where the stain changes.
 * Weighting the prior higher keeps its boundaries, while the similarity still removes what does not resemble the
 * clicked structures. The learned encoder's similarity was trained to be the map, and takes no prior.
 *
 * @param probability foreground probability at pixel resolution, 0.5 = undecided
 * @param similarity  the raw similarity maps on the feature grid
 * @param prior       the stain prior that was chosen, or null where none was used
 */
public record InitialMap(FloatPlane probability, SimilarityMaps similarity, StainPrior prior) {

    /** Radius of the click neighbourhood that forms a prototype, in pixels. */
    static final double PROTOTYPE_RADIUS_PIXELS = 2.0;

    /** The map of an encoder whose features take the stain prior ({@link SimilarityCalibration#WITH_STAIN_PRIOR}). */
    public static InitialMap compute(RasterImage image, FeatureGrid grid, List<Point> points) {
        return compute(image, grid, StainScales.of(image), points);
    }

    /**
     * The map of an encoder calibrated without a stain prior: the similarity alone. With foreground clicks only, the
     * cells least like them stand in for background clicks ({@link #leastAlike}): the learned map was trained on the
     * margin between the two, which Otsu's threshold on the foreground similarity alone approximates poorly (5:0 clicks,
     * seed 1: MoNuSeg Dice 0.731 with Otsu, 0.758 / 0.767 / 0.768 with 3 / 8 / 16 stand-ins; GlaS 0.896, 0.903 / 0.908
     * with 8 / 16).
     */
    public static InitialMap withoutPrior(RasterImage image, FeatureGrid grid, Prototypes prototypes, SimilarityCalibration calibration) {
        return withoutPrior(image, grid, prototypes, calibration, null);
    }

    /**
     * As {@link #withoutPrior(RasterImage, FeatureGrid, Prototypes, SimilarityCalibration)}, reusing what {@code memo}
     * kept from the last map of this grid (null: nothing kept); the map is the same.
     */
    public static InitialMap withoutPrior(RasterImage image, FeatureGrid grid, Prototypes prototypes, SimilarityCalibration calibration,
                                          SimilarityMemo memo) {
        if (calibration.usesStainPrior()) {
            throw new IllegalArgumentException("this calibration blends a stain prior: choose one");
        }
        if (prototypes.background().isEmpty() && !prototypes.foreground().isEmpty()) {
            FloatPlane foreground = SelfSimilarity.compute(grid, prototypes, memo).foreground();
            prototypes = prototypes.plus(new Prototypes(List.of(), leastAlike(grid, foreground, STAND_IN_BACKGROUND_CLICKS)));
        }
        return compute(image.width(), image.height(), grid, prototypes, null, Float.NaN, calibration, memo);
    }

    /** How many of the cells least like the foreground clicks stand in for background clicks when there are none. */
    static final int STAND_IN_BACKGROUND_CLICKS = 16;

    /**
     * Prototypes (as a click there would form them) at the {@code count} cells least similar to the foreground, each at
     * least an eighth of the grid's shorter side (4 cells at least) from those taken before, so that they spread over the
     * kinds of background instead of piling into one dark corner.
     */
    static List<float[]> leastAlike(FeatureGrid grid, FloatPlane similarity, int count) {
        int gw = grid.gridWidth(), gh = grid.gridHeight();
        float[] sim = similarity.data();
        long[] order = new long[sim.length];
        for (int i = 0; i < sim.length; i++) {
            // similarities lie in [-1, 1]: shifted to [0, 2] their float bits sort as the values do
            order[i] = ((long) Float.floatToIntBits(sim[i] + 1f) << 32) | i;
        }
        java.util.Arrays.sort(order);
        int spacing = Math.max(4, Math.min(gw, gh) / 8);
        List<int[]> taken = new java.util.ArrayList<>();
        List<float[]> out = new java.util.ArrayList<>();
        for (int k = 0; k < order.length && out.size() < count; k++) {
            int i = (int) order[k], x = i % gw, y = i / gw;
            if (taken.stream().anyMatch(t -> Math.abs(t[0] - x) < spacing && Math.abs(t[1] - y) < spacing)) {
                continue;
            }
            taken.add(new int[] {x, y});
            Point at = new Point((x + 0.5) * grid.stride() - 0.5, (y + 0.5) * grid.stride() - 0.5, PointLabel.BACKGROUND);
            out.add(SelfSimilarity.prototype(grid, at, radiusCells(grid)));
        }
        return out;
    }

    /** As {@link #compute(RasterImage, FeatureGrid, List)}, with the image's stain scales computed before. */
    public static InitialMap compute(RasterImage image, FeatureGrid grid, StainScales stains, List<Point> points) {
        return compute(image, grid, Prototypes.fromClicks(grid, points), StainPrior.choose(stains, points));
    }

    /**
     * The seam for trained models: any prototypes (a model's, a model's plus clicks') and a stain prior chosen
     * any way (by clicks, or by name as a model recorded it).
     */
    public static InitialMap compute(RasterImage image, FeatureGrid grid, Prototypes prototypes, StainPrior prior) {
        return compute(image.width(), image.height(), grid, prototypes, prior, Float.NaN, SimilarityCalibration.WITH_STAIN_PRIOR);
    }

    /**
     * As {@link #compute(RasterImage, FeatureGrid, Prototypes, StainPrior)} for one tile of a tiled run, whose stain
     * prior holds the tile's plane with the whole image's threshold; {@code foregroundThreshold} is the whole image's
     * threshold of the foreground similarity (used without background prototypes), or NaN for this grid's own.
     * {@code prior} may be null only when the calibration takes none.
     */
    public static InitialMap compute(int width, int height, FeatureGrid grid, Prototypes prototypes, StainPrior prior,
                                     float foregroundThreshold, SimilarityCalibration calibration) {
        return compute(width, height, grid, prototypes, prior, foregroundThreshold, calibration, null);
    }

    private static InitialMap compute(int width, int height, FeatureGrid grid, Prototypes prototypes, StainPrior prior,
                                      float foregroundThreshold, SimilarityCalibration calibration, SimilarityMemo memo) {
        SimilarityMaps maps = SelfSimilarity.compute(grid, prototypes, memo);
        FloatPlane onGrid = SelfSimilarity.foregroundProbability(maps, calibration.temperature(), foregroundThreshold);
        FloatPlane similarity = memo == null ? Resample.upsample(onGrid, grid.stride(), width, height)
                : memo.upsample(grid, onGrid, width, height);
        if (calibration.usesStainPrior()) {
            double weight = calibration.stainPriorWeight();
            float[] out = similarity.data(), p = prior.probability().data();
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (weight * p[i] + (1 - weight) * out[i]);
            }
        }
        return new InitialMap(similarity, maps, calibration.usesStainPrior() ? prior : null);
    }

    /** The click neighbourhood that forms a prototype, in grid cells. */
    public static int radiusCells(FeatureGrid grid) {
        return (int) Math.max(1, Math.round(PROTOTYPE_RADIUS_PIXELS / grid.stride()));
    }
}
