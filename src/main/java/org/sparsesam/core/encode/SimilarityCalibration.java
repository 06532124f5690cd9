package org.sparsesam.core.encode;

/**
 * How an encoder's similarity to the clicks becomes a foreground map (see
 * {@link org.sparsesam.core.similarity.InitialMap}). Features made by hand, or learned for something else (SAM), say
 * "like the clicks" but not where a structure ends, so their map leans on the click-calibrated stain prior. The learned
 * histology encoder was trained for the margin between foreground and background similarity at its own temperature,
 * which is its map as it is.
 *
 * @param temperature      cosine margin (best foreground minus best background similarity) per unit of logit
 * @param stainPriorWeight share of the stain prior in the map, 0 for none
 * @param fillHoles        whether the clean-up fills the holes of the map's objects: a stain map leaves a gland's pale
 *                         lumen open, while the learned map was trained on filled glands, and a hole in it is
 *                         background the clicks asked for (nuclei left out of a stroma segmentation)
 */
public record SimilarityCalibration(double temperature, double stainPriorWeight, boolean fillHoles) {
    /**
     * Hand-made and SAM features: a margin of 0.05 moves the map from 0.5 to 0.73, the stain prior weighs 0.7, and holes
     * are filled.
     */
    public static final SimilarityCalibration WITH_STAIN_PRIOR = new SimilarityCalibration(0.05, 0.7, true);

    public SimilarityCalibration {
        if (!(temperature > 0) || !(stainPriorWeight >= 0 && stainPriorWeight <= 1)) {
            throw new IllegalArgumentException("temperature " + temperature + " must be positive and stain prior weight "
                    + stainPriorWeight + " in [0, 1]");
        }
    }

    /** A learned encoder's own temperature, no stain prior, holes kept. */
    public static SimilarityCalibration learned(double temperature) {
        return new SimilarityCalibration(temperature, 0, false);
    }

    public boolean usesStainPrior() {
        return stainPriorWeight > 0;
    }
}
