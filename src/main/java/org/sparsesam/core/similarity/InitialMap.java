package org.sparsesam.core.similarity;

import java.util.List;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.image.Resample;
import org.sparsesam.core.prompt.Point;

/**
 * The initial foreground map: the feature self-similarity to the clicks, blended with the click-calibrated
 * stain prior. Self-similarity alone finds "things like the clicks" but puts boundaries where the clicks
 * say nothing; the stain prior puts boundaries where the stain changes. Weighting the prior higher keeps
 * its boundaries, while the similarity still removes what does not resemble the clicked structures.
 *
 * @param probability foreground probability at pixel resolution, 0.5 = undecided
 * @param similarity  the raw similarity maps on the feature grid
 * @param prior       the stain prior that was chosen, or null for images without one
 */
public record InitialMap(FloatPlane probability, SimilarityMaps similarity, StainPrior prior) {

    static final double PRIOR_WEIGHT = 0.7;
    /** Cosine-similarity margin that moves the similarity probability from 0.5 to about 0.73. */
    static final double SIMILARITY_TEMPERATURE = 0.05;
    /** Radius of the click neighbourhood that forms a prototype, in pixels. */
    static final double PROTOTYPE_RADIUS_PIXELS = 2.0;

    public static InitialMap compute(RasterImage image, FeatureGrid grid, List<Point> points) {
        return compute(image, grid, StainScales.of(image), points);
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
        return compute(image.width(), image.height(), grid, prototypes, prior, Float.NaN);
    }

    /**
     * As {@link #compute(RasterImage, FeatureGrid, Prototypes, StainPrior)} for one tile of a tiled run, whose stain
     * prior holds the tile's plane with the whole image's threshold; {@code foregroundThreshold} is the whole image's
     * threshold of the foreground similarity (used without background prototypes), or NaN for this grid's own.
     */
    public static InitialMap compute(int width, int height, FeatureGrid grid, Prototypes prototypes, StainPrior prior,
                                     float foregroundThreshold) {
        SimilarityMaps maps = SelfSimilarity.compute(grid, prototypes);
        FloatPlane similarity = Resample.upsample(SelfSimilarity.foregroundProbability(maps, SIMILARITY_TEMPERATURE, foregroundThreshold),
                grid.stride(), width, height);
        FloatPlane priorProbability = prior.probability();
        float[] out = similarity.data(), p = priorProbability.data();
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (PRIOR_WEIGHT * p[i] + (1 - PRIOR_WEIGHT) * out[i]);
        }
        return new InitialMap(similarity, maps, prior);
    }

    /** The click neighbourhood that forms a prototype, in grid cells. */
    public static int radiusCells(FeatureGrid grid) {
        return (int) Math.max(1, Math.round(PROTOTYPE_RADIUS_PIXELS / grid.stride()));
    }
}
