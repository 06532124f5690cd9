package org.sparsesam.core.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdamTest {

    @Test
    void firstStepMovesByTheLearningRateAgainstTheGradient() {
        // With bias correction, m/sqrt(v) after one step is g/|g|: the step is lr whatever the gradient's size.
        double[][] x = {{1.0, -2.0}};
        Adam adam = new Adam(x, 0.05);
        adam.step(new double[][] {{250.0, -0.001}});
        assertEquals(0.95, x[0][0], 1e-9);
        assertEquals(-1.95, x[0][1], 1e-4);
    }

    @Test
    void minimizesAOneDimensionalQuadratic() {
        // f(x) = (x - 3)^2, gradient 2 (x - 3), starting 3 units away.
        double[][] x = {{0.0}};
        Adam adam = new Adam(x, 0.1);
        for (int i = 0; i < 1000; i++) {
            adam.step(new double[][] {{2 * (x[0][0] - 3)}});
        }
        assertEquals(3, x[0][0], 1e-3);
        assertEquals(1000, adam.steps());
    }
}
