package org.sparsesam.core.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BceDiceLossTest {

    @Test
    void oneUndecidedCellHasTheHandComputedLoss() {
        // logit 0 -> p = 0.5 on a foreground cell: BCE = ln 2; Dice = (2*0.5 + 1) / (0.5 + 1 + 1) = 0.8.
        double[] gradient = new double[1];
        double loss = new BceDiceLoss().evaluate(new double[] {0}, new float[] {1}, new float[] {1}, gradient);
        assertEquals(Math.log(2) + 0.2, loss, 1e-12);
        // d BCE/dz = p - t = -0.5; d Dice/dp = (2*2.5 - 2)/2.5^2 = 0.48, times p(1-p) = 0.25 -> 0.12.
        assertEquals(-0.5 - 0.12, gradient[0], 1e-12);
    }

    @Test
    void weightZeroCellsCountForNothing() {
        double[] g3 = new double[3];
        double withIgnored = new BceDiceLoss().evaluate(new double[] {1.5, -0.3, 42}, new float[] {1, 0, 0},
                new float[] {2, 1, 0}, g3);
        double[] g2 = new double[2];
        double without = new BceDiceLoss().evaluate(new double[] {1.5, -0.3}, new float[] {1, 0}, new float[] {2, 1}, g2);
        assertEquals(without, withIgnored, 1e-12);
        assertEquals(0, g3[2]);
        assertEquals(g2[0], g3[0], 1e-12);
    }

    @Test
    void largeLogitsStayFinite() {
        double[] gradient = new double[2];
        double loss = new BceDiceLoss().evaluate(new double[] {800, -800}, new float[] {0, 1}, new float[] {1, 1}, gradient);
        // Each cell is wrong by 800 nats: mean BCE 800, and Dice ~ 1/3 from smoothing only.
        assertEquals(800 + (1 - 1.0 / 3), loss, 1e-9);
        assertTrue(Double.isFinite(gradient[0]) && Double.isFinite(gradient[1]));
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Random random = new Random(7);
        int n = 40;
        double[] logits = new double[n];
        float[] targets = new float[n];
        float[] weights = new float[n];
        for (int i = 0; i < n; i++) {
            logits[i] = 2 * random.nextGaussian();
            targets[i] = random.nextBoolean() ? 1 : 0;
            weights[i] = i % 5 == 0 ? 0 : (float) (0.5 + 3 * random.nextDouble());
        }
        BceDiceLoss loss = new BceDiceLoss(0.7, 1.3);
        double[] analytic = new double[n];
        loss.evaluate(logits, targets, weights, analytic);
        double step = 1e-6;
        double[] scratch = new double[n];
        for (int i = 0; i < n; i++) {
            double saved = logits[i];
            logits[i] = saved + step;
            double up = loss.evaluate(logits, targets, weights, scratch);
            logits[i] = saved - step;
            double down = loss.evaluate(logits, targets, weights, scratch);
            logits[i] = saved;
            double numeric = (up - down) / (2 * step);
            assertEquals(numeric, analytic[i], 1e-6 * Math.max(1e-3, Math.abs(numeric)), "cell " + i);
        }
    }
}
