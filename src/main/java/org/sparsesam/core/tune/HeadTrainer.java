package org.sparsesam.core.tune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.prompt.Point;

/**
 * Test-time tuning of a light head on a frozen feature grid, as in the published recipe: train on the
 * pseudo-label with Adam on BCE + Dice, measure after every iteration how well the thresholded prediction
 * agrees with the pseudo-label (IoU over confident cells), keep the best iteration, stop once it has not
 * improved for a while. The head's limited capacity is the point: it fits what most confident cells agree
 * on and cannot follow the pseudo-label's scattered mistakes, so its prediction is cleaner than its target.
 */
public final class HeadTrainer {
    /** Separates the sampling stream from the initialization stream, so batch size does not change init. */
    private static final long SAMPLING_SEED_SALT = 0x9E3779B97F4A7C15L;

    private final TuneOptions options;
    private final BceDiceLoss loss = new BceDiceLoss();

    public HeadTrainer(TuneOptions options) {
        this.options = options;
    }

    /**
     * From a grid-sized foreground probability map and the clicks to a tuned probability map: builds the
     * pseudo-label with the options' settings, trains a fresh head, predicts every cell.
     */
    public TuneResult tune(FeatureGrid grid, FloatPlane probability, List<Point> clicks, Progress progress,
                           CancelToken cancel) {
        PseudoLabel label = PseudoLabel.fromProbability(probability, clicks, grid, options.pseudoLabel());
        return train(grid, label, progress, cancel);
    }

    /** Trains a fresh head of the options' kind, standardized on {@code grid}, on {@code label}. */
    public TuneResult train(FeatureGrid grid, PseudoLabel label, Progress progress, CancelToken cancel) {
        Head head = options.head().create(FeatureStandardization.of(grid), options, new Random(options.seed()));
        return train(head, grid, label, progress, cancel);
    }

    /** Trains a copy of {@code initial} (left untouched) on {@code label}: for a head trained before. */
    public TuneResult train(Head initial, FeatureGrid grid, PseudoLabel label, Progress progress, CancelToken cancel) {
        if (label.width() != grid.gridWidth() || label.height() != grid.gridHeight()) {
            throw new IllegalArgumentException("pseudo-label is " + label.width() + "x" + label.height()
                    + " but the feature grid is " + grid.gridWidth() + "x" + grid.gridHeight());
        }
        int[] confident = label.confidentCells();
        if (confident.length == 0) {
            throw new SparseSamException("The pseudo-label has no confident cells to train on: "
                    + "lower the foreground and background margins, or add clicks.");
        }
        Random sampling = new Random(options.seed() ^ SAMPLING_SEED_SALT);
        int[] anchors = label.clickCells();
        CellSampler batches = new CellSampler(withoutCells(confident, anchors), sampling);
        int[] evaluation = evaluationCells(confident, sampling);

        Head head = initial.copy();
        Adam adam = new Adam(head.parameters(), options.learningRate());
        List<TuneResult.Step> log = new ArrayList<>();
        Head best = head.copy();
        double bestIou = -1;
        int bestIteration = 0;
        boolean stoppedEarly = false;
        for (int iteration = 1; iteration <= options.iterations(); iteration++) {
            cancel.throwIfCancelled();
            int[] batch = merge(anchors, batches.draw(options.batchCells()));
            double batchLoss = step(head, adam, grid, label, batch);
            double iou = iou(head, grid, label, evaluation);
            log.add(new TuneResult.Step(iteration, batchLoss, iou));
            if (iou > bestIou) {
                bestIou = iou;
                bestIteration = iteration;
                best = head.copy();
            }
            progress.report(String.format(Locale.ROOT, "tune %d/%d: loss %.4f, IoU %.3f",
                    iteration, options.iterations(), batchLoss, iou), (double) iteration / options.iterations());
            if (options.patience() > 0 && iteration - bestIteration >= options.patience()
                    && iteration < options.iterations()) {
                stoppedEarly = true;
                break;
            }
        }
        cancel.throwIfCancelled();
        FloatPlane probability = best.predictProbability(grid);
        return new TuneResult(probability, best, bestIteration, bestIou, log, stoppedEarly);
    }

    /** One Adam step on {@code batch}; returns the batch loss before the step. */
    private double step(Head head, Adam adam, FeatureGrid grid, PseudoLabel label, int[] batch) {
        int n = batch.length;
        float[] targets = new float[n];
        float[] weights = new float[n];
        for (int k = 0; k < n; k++) {
            targets[k] = label.target(batch[k]);
            weights[k] = label.weight(batch[k]);
        }
        double[] logits = new double[n];
        head.forward(grid, batch, logits);
        double[] logitGradients = new double[n];
        double value = loss.evaluate(logits, targets, weights, logitGradients);
        double[][] gradients = head.zeroGradients();
        head.accumulateGradients(grid, batch, logitGradients, gradients);
        adam.step(gradients);
        return value;
    }

    /** IoU of (logit > 0) with the pseudo-label's foreground over {@code cells}; 1 when both are empty. */
    static double iou(Head head, FeatureGrid grid, PseudoLabel label, int[] cells) {
        double[] logits = new double[cells.length];
        head.forward(grid, cells, logits);
        long intersection = 0, union = 0;
        for (int k = 0; k < cells.length; k++) {
            boolean predicted = logits[k] > 0;
            boolean actual = label.target(cells[k]) > 0.5f;
            if (predicted && actual) {
                intersection++;
            }
            if (predicted || actual) {
                union++;
            }
        }
        return union == 0 ? 1 : (double) intersection / union;
    }

    private int[] evaluationCells(int[] confident, Random random) {
        int wanted = options.evaluationCells();
        if (wanted == 0 || wanted >= confident.length) {
            return confident;
        }
        return new CellSampler(confident, random).draw(wanted);
    }

    /** {@code cells} minus {@code remove}; both ascending. */
    private static int[] withoutCells(int[] cells, int[] remove) {
        if (remove.length == 0) {
            return cells;
        }
        return Arrays.stream(cells).filter(c -> Arrays.binarySearch(remove, c) < 0).toArray();
    }

    /** Union of two disjoint ascending arrays, ascending. */
    private static int[] merge(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        int i = 0, j = 0, k = 0;
        while (i < a.length || j < b.length) {
            out[k++] = j >= b.length || (i < a.length && a[i] < b[j]) ? a[i++] : b[j++];
        }
        return out;
    }
}
