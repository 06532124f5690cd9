package org.sparsesam.core.tune;

import java.util.List;
import org.sparsesam.core.image.FloatPlane;

/**
 * What head tuning produced.
 *
 * @param probability   foreground probability of every grid cell from the best iteration's head
 * @param head          the best iteration's head (a copy of its parameters), to apply elsewhere
 * @param bestIteration 1-based iteration whose head was kept
 * @param bestIou       its IoU with the pseudo-label
 * @param log           one entry per iteration run, in order
 * @param stoppedEarly  whether patience ran out before the last iteration
 */
public record TuneResult(FloatPlane probability, Head head, int bestIteration, double bestIou, List<Step> log,
                         boolean stoppedEarly) {

    public TuneResult {
        log = List.copyOf(log);
    }

    /**
     * @param iteration 1-based
     * @param loss      BCE + Dice of the batch the step was computed on (before the step)
     * @param iou       IoU of the thresholded prediction with the pseudo-label after the step
     */
    public record Step(int iteration, double loss, double iou) {}
}
