package org.sparsesam.core.tune;

import java.util.List;

/**
 * A head trained on one or more images, without a prediction (which needs a grid to predict on).
 *
 * @param head          the best iteration's head
 * @param bestIteration 1-based iteration whose head was kept
 * @param bestIou       its IoU with the training target over the evaluation cells
 * @param log           one entry per iteration run
 * @param stoppedEarly  whether patience ran out before the last iteration
 */
public record HeadFit(Head head, int bestIteration, double bestIou, List<TuneResult.Step> log, boolean stoppedEarly) {
    public HeadFit {
        log = List.copyOf(log);
    }
}
