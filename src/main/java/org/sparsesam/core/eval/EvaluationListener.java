package org.sparsesam.core.eval;

import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.LabelImage;

/**
 * Told about each item as soon as it is done, so a front end can print a line or draw an overlay while the
 * run goes on, without the runner holding every prediction in memory.
 */
@FunctionalInterface
public interface EvaluationListener {
    /** @param artifacts the images behind an OK evaluation, or null when the item was skipped or failed */
    void evaluated(ItemEvaluation evaluation, Artifacts artifacts);

    /** The pixels of one evaluation; valid during the call only as far as the runner is concerned. */
    record Artifacts(RasterImage image, LabelImage groundTruthObjects, LabelImage prediction) {}

    EvaluationListener NONE = (evaluation, artifacts) -> {};
}
