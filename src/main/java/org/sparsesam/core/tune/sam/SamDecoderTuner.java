package org.sparsesam.core.tune.sam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.sam.SamEmbedding;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.core.tune.PseudoLabel;
import org.sparsesam.core.tune.TuneResult;

/**
 * Fine-tunes SAM's mask decoder on one image with real gradients (PyTorch autograd through DJL): the frozen
 * image embedding and the clicks go in, the single-mask output is pulled towards the pseudo-label by Adam on
 * BCE + Dice, and as in the published recipe the iteration whose prediction agrees best with the
 * pseudo-label (IoU over its confident cells) is kept; training stops once that has not improved for a while.
 * Every step uses all cells and the weights come from the package, so there is no random choice: the same
 * inputs give the same result.
 */
public final class SamDecoderTuner {
    /** SAM's single-mask output: the one meant for prompts of several points, as ours are. */
    static final int SINGLE_MASK = 0;

    private final SamTuneOptions options;

    public SamDecoderTuner(SamTuneOptions options) {
        this.options = options;
    }

    /**
     * Trains {@code decoder} in place (its parameters end at the last step taken, not the kept one) and returns
     * the kept prediction. {@code label} must be in the low-resolution mask frame (m x m).
     */
    public SamTuneResult train(TorchScriptDecoder decoder, SamEmbedding embedding, List<Point> prompt, PseudoLabel label,
                               Progress progress, CancelToken cancel) {
        int m = decoder.manifest().lowResMaskSize();
        if (label.width() != m || label.height() != m) {
            throw new IllegalArgumentException("pseudo-label is " + label.width() + "x" + label.height()
                    + " but the decoder's masks are " + m + "x" + m);
        }
        int[] confident = label.confidentCells();
        if (confident.length == 0) {
            throw new SparseSamException("The pseudo-label has no confident cells to train SAM's decoder on: "
                    + "lower the foreground and background margins, or add clicks.");
        }
        if (prompt.isEmpty()) {
            throw new SparseSamException("SAM tuning needs at least one click to prompt the decoder with: add a click.");
        }
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) options.learningRate())).build();
        List<TuneResult.Step> log = new ArrayList<>();
        float[] best = null, untuned = null;
        double bestIou = -1;
        int bestIteration = 0;
        boolean stoppedEarly = false;
        try (NDManager run = decoder.newManager()) {
            NDList inputs = decoder.inputs(run, embedding, prompt);
            float[] targetValues = new float[m * m], weightValues = new float[m * m];
            for (int i = 0; i < m * m; i++) {
                targetValues[i] = label.target(i);
                weightValues[i] = label.weight(i);
            }
            NDArray target = run.create(targetValues, new Shape(m, m));
            NDArray weight = run.create(weightValues, new Shape(m, m));
            Map<String, NDArray> parameters = decoder.trainedParameters();
            for (int iteration = 0; ; iteration++) {
                cancel.throwIfCancelled();
                float[] logits;
                double loss;
                boolean last;
                try (NDManager step = run.newSubManager();
                     GradientCollector collector = PyTorchEngine.get().newGradientCollector()) {
                    NDArray prediction = decoder.lowResLogits(step, inputs, SINGLE_MASK, true);
                    NDArray value = TorchBceDiceLoss.of(prediction, target, weight);
                    logits = prediction.toFloatArray();
                    loss = value.getFloat();
                    if (!Double.isFinite(loss)) {
                        throw new SparseSamException(String.format(Locale.ROOT, "SAM tuning diverged at iteration %d"
                                + " (loss %s): use a smaller learning rate, e.g. %g.", iteration, loss, options.learningRate() / 10));
                    }
                    double iou = iou(logits, label, confident);
                    log.add(new TuneResult.Step(iteration, loss, iou));
                    if (untuned == null) {
                        untuned = logits;
                    }
                    if (iou > bestIou) {
                        bestIou = iou;
                        bestIteration = iteration;
                        best = logits;
                    }
                    progress.report(String.format(Locale.ROOT, "tune SAM decoder %d/%d: loss %.4f, IoU %.3f",
                            iteration, options.iterations(), loss, iou), (double) iteration / options.iterations());
                    last = iteration == options.iterations();
                    if (!last && options.patience() > 0 && iteration - bestIteration >= options.patience()) {
                        stoppedEarly = true;
                        last = true;
                    }
                    if (!last) {
                        decoder.zeroGradients();
                        collector.backward(value);
                    }
                }
                if (last) {
                    break;
                }
                for (Map.Entry<String, NDArray> p : parameters.entrySet()) {
                    try (NDArray gradient = p.getValue().getGradient()) {
                        adam.update(p.getKey(), p.getValue(), gradient);
                    }
                }
            }
        }
        return new SamTuneResult(new FloatPlane(m, m, best), new FloatPlane(m, m, untuned), bestIteration, bestIou,
                log, stoppedEarly);
    }

    /** IoU of (logit > 0) with the pseudo-label's foreground over {@code cells}; 1 when both are empty. */
    static double iou(float[] logits, PseudoLabel label, int[] cells) {
        long intersection = 0, union = 0;
        for (int c : cells) {
            boolean predicted = logits[c] > 0;
            boolean actual = label.target(c) > 0.5f;
            if (predicted && actual) {
                intersection++;
            }
            if (predicted || actual) {
                union++;
            }
        }
        return union == 0 ? 1 : (double) intersection / union;
    }
}
