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
        HeadFit fit = train(initial, List.of(new LabelledGrid(grid, label)), progress, cancel);
        FloatPlane probability = fit.head().predictProbability(grid);
        return new TuneResult(probability, fit.head(), fit.bestIteration(), fit.bestIou(), fit.log(), fit.stoppedEarly());
    }

    /**
     * Trains a copy of {@code initial} on several images at once (few-shot training): the same loop as for one
     * image, with cells drawn from all of them. Cells are numbered across the images in order, so that one image
     * trains exactly as {@link #train(Head, FeatureGrid, PseudoLabel, Progress, CancelToken)} does.
     */
    public HeadFit train(Head initial, List<LabelledGrid> images, Progress progress, CancelToken cancel) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images to train on");
        }
        CellSpace space = new CellSpace(images);
        int[] confident = space.confidentCells();
        if (confident.length == 0) {
            throw new SparseSamException("The pseudo-label has no confident cells to train on: "
                    + "lower the foreground and background margins, or add clicks.");
        }
        Random sampling = new Random(options.seed() ^ SAMPLING_SEED_SALT);
        int[] anchors = space.clickCells();
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
            double batchLoss = step(head, adam, space, batch);
            double iou = iou(head, space, evaluation);
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
        return new HeadFit(best, bestIteration, bestIou, log, stoppedEarly);
    }

    /** One Adam step on {@code batch} (global cells, ascending); returns the batch loss before the step. */
    private double step(Head head, Adam adam, CellSpace space, int[] batch) {
        int n = batch.length;
        float[] targets = new float[n];
        float[] weights = new float[n];
        double[] logits = new double[n];
        int[][] local = space.split(batch);
        for (int image = 0, k = 0; image < local.length; image++) {
            PseudoLabel label = space.images.get(image).label();
            int[] cells = local[image];
            double[] part = new double[cells.length];
            if (cells.length > 0) {
                head.forward(space.images.get(image).grid(), cells, part);
            }
            for (int j = 0; j < cells.length; j++, k++) {
                targets[k] = label.target(cells[j]);
                weights[k] = label.weight(cells[j]);
                logits[k] = part[j];
            }
        }
        double[] logitGradients = new double[n];
        double value = loss.evaluate(logits, targets, weights, logitGradients);
        double[][] gradients = head.zeroGradients();
        for (int image = 0, k = 0; image < local.length; image++) {
            int[] cells = local[image];
            if (cells.length > 0) {
                head.accumulateGradients(space.images.get(image).grid(), cells,
                        Arrays.copyOfRange(logitGradients, k, k + cells.length), gradients);
            }
            k += cells.length;
        }
        adam.step(gradients);
        return value;
    }

    private static double iou(Head head, CellSpace space, int[] cells) {
        int[][] local = space.split(cells);
        long intersection = 0, union = 0;
        for (int image = 0; image < local.length; image++) {
            LabelledGrid g = space.images.get(image);
            long[] counts = overlap(head, g.grid(), g.label(), local[image]);
            intersection += counts[0];
            union += counts[1];
        }
        return union == 0 ? 1 : (double) intersection / union;
    }

    /** IoU of (logit > 0) with the pseudo-label's foreground over {@code cells}; 1 when both are empty. */
    static double iou(Head head, FeatureGrid grid, PseudoLabel label, int[] cells) {
        long[] counts = overlap(head, grid, label, cells);
        return counts[1] == 0 ? 1 : (double) counts[0] / counts[1];
    }

    /** {intersection, union} of (logit > 0) and the label's foreground over {@code cells}. */
    private static long[] overlap(Head head, FeatureGrid grid, PseudoLabel label, int[] cells) {
        if (cells.length == 0) {
            return new long[2];
        }
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
        return new long[] {intersection, union};
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

    /** Cells of several images numbered one after another: image i's cell c is {@code offset[i] + c}. */
    private static final class CellSpace {
        final List<LabelledGrid> images;
        final long[] offsets;

        CellSpace(List<LabelledGrid> images) {
            this.images = List.copyOf(images);
            this.offsets = new long[images.size() + 1];
            for (int i = 0; i < images.size(); i++) {
                offsets[i + 1] = offsets[i] + images.get(i).cells();
            }
            if (offsets[images.size()] > Integer.MAX_VALUE) {
                throw new SparseSamException("The training images hold " + offsets[images.size()]
                        + " feature cells, more than one training run can address: train on fewer or smaller images.");
            }
        }

        int[] confidentCells() {
            return concat(images.stream().map(g -> g.label().confidentCells()).toList());
        }

        int[] clickCells() {
            return concat(images.stream().map(g -> g.label().clickCells()).toList());
        }

        private int[] concat(List<int[]> perImage) {
            int total = perImage.stream().mapToInt(a -> a.length).sum();
            int[] out = new int[total];
            int k = 0;
            for (int i = 0; i < perImage.size(); i++) {
                for (int c : perImage.get(i)) {
                    out[k++] = (int) (offsets[i] + c);
                }
            }
            return out;
        }

        /** Ascending global cells to each image's local cells, ascending. */
        int[][] split(int[] global) {
            int[][] out = new int[images.size()][];
            int from = 0;
            for (int i = 0; i < images.size(); i++) {
                int to = from;
                while (to < global.length && global[to] < offsets[i + 1]) {
                    to++;
                }
                int[] local = new int[to - from];
                for (int k = from; k < to; k++) {
                    local[k - from] = (int) (global[k] - offsets[i]);
                }
                out[i] = local;
                from = to;
            }
            return out;
        }
    }
}
