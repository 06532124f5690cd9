package org.sparsesam.core.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.prompt.Point;

class HeadTrainerTest {
    private static final int SIZE = 96;
    private static final float[] TRUTH = SyntheticGrids.disc(SIZE, SIZE, 22);
    private static final FeatureGrid FEATURES = SyntheticGrids.noisyCopiesOf(TRUTH, SIZE, SIZE, 8, 42);

    /**
     * The truth with 15% of cells flipped at random and a vertical stripe (x 70..75) wrongly called
     * foreground: the scattered errors a similarity map makes, plus a structured one.
     */
    private static float[] corruptedTruth() {
        float[] p = TRUTH.clone();
        Random random = new Random(3);
        for (int i = 0; i < p.length; i++) {
            if (random.nextDouble() < 0.15) {
                p[i] = 1 - p[i];
            }
        }
        for (int y = 0; y < SIZE; y++) {
            for (int x = 70; x < 76; x++) {
                p[y * SIZE + x] = 1;
            }
        }
        return p;
    }

    private static final List<Point> CLICKS = List.of(Point.fg(47.5, 47.5), Point.fg(40, 55), Point.bg(10, 10), Point.bg(85, 20));

    private static TuneResult tune(TuneOptions options, Progress progress, CancelToken cancel) {
        FloatPlane probability = new FloatPlane(SIZE, SIZE, corruptedTruth());
        return new HeadTrainer(options).tune(FEATURES, probability, CLICKS, progress, cancel);
    }

    @Test
    void linearHeadCorrectsACorruptedPseudoLabel() {
        TuneResult result = tune(TuneOptions.builder().head(HeadKind.LINEAR).build(),
                Progress.NONE, CancelToken.none());
        // A per-cell head cannot beat the noise in a single cell's features (about 4% of cells look like the
        // other class), so it lands well below the conv head, yet far above the label it learnt from.
        assertCorrects(result, 0.75);
    }

    @Test
    void convHeadCorrectsACorruptedPseudoLabel() {
        TuneResult result = tune(TuneOptions.builder().head(HeadKind.CONV).build(),
                Progress.NONE, CancelToken.none());
        // The 3x3 context averages away most per-cell noise.
        assertCorrects(result, 0.9);
    }

    private static void assertCorrects(TuneResult result, double atLeast) {
        double pseudoDice = SyntheticGrids.dice(corruptedTruth(), TRUTH);
        double tunedDice = SyntheticGrids.dice(result.probability().data(), TRUTH);
        // The corruption makes the pseudo-label a poor target: about 1150 background cells flipped and the
        // 576-cell stripe, against a disc of about 1520 cells (Dice 0.589 here).
        assertEquals(0.589, pseudoDice, 0.001);
        // The head sees features, not positions: it can only learn what most cells with such features are
        // labelled, which is the truth; scattered flips and the stripe look like any other background.
        assertTrue(tunedDice > atLeast, "tuned Dice " + tunedDice + " vs pseudo-label " + pseudoDice);
    }

    /** IoU of (logit > 0) with the pseudo-label over its confident cells, computed here independently. */
    private static double iouWithPseudoLabel(Head head) {
        PseudoLabel label = PseudoLabel.fromProbability(new FloatPlane(SIZE, SIZE, corruptedTruth()), CLICKS,
                FEATURES, PseudoLabelSettings.defaults());
        int[] cells = label.confidentCells();
        double[] logits = new double[cells.length];
        head.forward(FEATURES, cells, logits);
        long intersection = 0, union = 0;
        for (int k = 0; k < cells.length; k++) {
            boolean predicted = logits[k] > 0;
            boolean actual = label.target(cells[k]) == 1;
            intersection += predicted && actual ? 1 : 0;
            union += predicted || actual ? 1 : 0;
        }
        return (double) intersection / union;
    }

    @Test
    void keepsTheIterationWithTheHighestIou() {
        // A high learning rate makes IoU wander, so the best iteration is not simply the last one.
        TuneOptions options = TuneOptions.builder().head(HeadKind.LINEAR).learningRate(0.1).iterations(100)
                .patience(0).evaluationCells(0).build();
        TuneResult result = tune(options, Progress.NONE, CancelToken.none());
        List<TuneResult.Step> log = result.log();
        assertEquals(100, log.size());
        assertFalse(result.stoppedEarly());
        int argmax = 0;
        for (int i = 1; i < log.size(); i++) {
            if (log.get(i).iou() > log.get(argmax).iou()) {
                argmax = i;
            }
        }
        assertEquals(argmax + 1, result.bestIteration());
        assertEquals(log.get(argmax).iou(), result.bestIou());
        assertTrue(log.get(99).iou() < result.bestIou(), "precondition: the last iteration is not the best");
        // The returned head and map are the best iteration's, not the last one's.
        assertEquals(result.bestIou(), iouWithPseudoLabel(result.head()));
        assertArrayEquals(result.head().predictProbability(FEATURES).data(), result.probability().data());
    }

    @Test
    void stopsWhenIouHasNotImprovedForPatienceIterations() {
        TuneOptions options = TuneOptions.builder().head(HeadKind.LINEAR).learningRate(0.1).iterations(100)
                .patience(5).build();
        TuneResult result = tune(options, Progress.NONE, CancelToken.none());
        assertTrue(result.stoppedEarly());
        assertEquals(result.bestIteration() + 5, result.log().size());
        for (TuneResult.Step step : result.log().subList(result.bestIteration(), result.log().size())) {
            assertTrue(step.iou() <= result.bestIou());
        }
    }

    @Test
    void sameSeedGivesIdenticalResultsWhateverTheThreadCount() throws Exception {
        TuneOptions options = TuneOptions.builder().head(HeadKind.CONV).iterations(8).batchCells(4000).build();
        TuneResult first = tune(options, Progress.NONE, CancelToken.none());
        // Parallel streams run in the pool of the task that starts them: one thread, then three.
        TuneResult single = new ForkJoinPool(1).submit(() -> tune(options, Progress.NONE, CancelToken.none())).get();
        TuneResult three = new ForkJoinPool(3).submit(() -> tune(options, Progress.NONE, CancelToken.none())).get();
        for (TuneResult other : List.of(single, three)) {
            assertArrayEquals(first.probability().data(), other.probability().data());
            assertEquals(first.log(), other.log());
        }
        TuneResult otherSeed = tune(options.toBuilder().seed(2).build(), Progress.NONE, CancelToken.none());
        assertFalse(java.util.Arrays.equals(first.probability().data(), otherSeed.probability().data()));
    }

    @Test
    void reportsEveryIterationWithLossAndIou() {
        List<String> stages = new ArrayList<>();
        List<Double> fractions = new ArrayList<>();
        TuneResult result = tune(TuneOptions.builder().iterations(7).patience(0).build(),
                (stage, fraction) -> { stages.add(stage); fractions.add(fraction); }, CancelToken.none());
        assertEquals(7, stages.size());
        TuneResult.Step third = result.log().get(2);
        assertEquals(String.format(java.util.Locale.ROOT, "tune 3/7: loss %.4f, IoU %.3f", third.loss(), third.iou()),
                stages.get(2));
        assertEquals(3 / 7.0, fractions.get(2), 1e-12);
    }

    @Test
    void cancelStopsTraining() {
        CancelToken cancel = new CancelToken();
        List<String> stages = new ArrayList<>();
        Progress cancelAfterThree = (stage, fraction) -> {
            stages.add(stage);
            if (stages.size() == 3) {
                cancel.cancel();
            }
        };
        assertThrows(CancelToken.CancelledException.class,
                () -> tune(TuneOptions.builder().iterations(50).patience(0).build(), cancelAfterThree, cancel));
        assertEquals(3, stages.size());
    }

    @Test
    void refusesAPseudoLabelWithNothingConfident() {
        FloatPlane undecided = new FloatPlane(SIZE, SIZE);
        java.util.Arrays.fill(undecided.data(), 0.5f);
        SparseSamException e = assertThrows(SparseSamException.class, () -> new HeadTrainer(TuneOptions.defaults())
                .tune(FEATURES, undecided, List.of(), Progress.NONE, CancelToken.none()));
        assertTrue(e.getMessage().contains("lower the foreground and background margins"), e.getMessage());
    }
}
