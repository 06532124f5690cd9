package org.sparsesam.core.tune.sam;

import java.util.List;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.tune.TuneResult;

/**
 * What fine-tuning SAM's decoder produced.
 *
 * @param lowResLogits   the kept iteration's low-resolution logits (m x m over the padded model frame)
 * @param untunedLogits  the decoder's logits before any step, for comparison
 * @param bestIteration  number of Adam steps behind the kept prediction (0: the untuned decoder agreed best)
 * @param bestIou        its IoU with the pseudo-label over confident cells
 * @param log            one entry per evaluated iteration, from 0 (untuned): loss and IoU of the decoder after that
 *                       many steps, both from the same forward pass
 * @param stoppedEarly   whether patience ran out before the last iteration
 */
public record SamTuneResult(FloatPlane lowResLogits, FloatPlane untunedLogits, int bestIteration, double bestIou,
                            List<TuneResult.Step> log, boolean stoppedEarly) {

    public SamTuneResult {
        log = List.copyOf(log);
    }
}
