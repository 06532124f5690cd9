package org.sparsesam.core.tune;

/**
 * The Adam optimizer (Kingma and Ba, 2015) with bias correction, updating parameter arrays in place.
 * Per-parameter step sizes make one learning rate work for weights and biases of very different scale.
 */
public final class Adam {
    private final double[][] parameters;
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double[][] firstMoment;
    private final double[][] secondMoment;
    private int steps;

    /** Usual betas (0.9, 0.999) and epsilon 1e-8. */
    public Adam(double[][] parameters, double learningRate) {
        this(parameters, learningRate, 0.9, 0.999, 1e-8);
    }

    public Adam(double[][] parameters, double learningRate, double beta1, double beta2, double epsilon) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        this.parameters = parameters;
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.firstMoment = new double[parameters.length][];
        this.secondMoment = new double[parameters.length][];
        for (int g = 0; g < parameters.length; g++) {
            firstMoment[g] = new double[parameters[g].length];
            secondMoment[g] = new double[parameters[g].length];
        }
    }

    /** One update with {@code gradients} shaped like the parameters. */
    public void step(double[][] gradients) {
        steps++;
        double correction1 = 1 - Math.pow(beta1, steps);
        double correction2 = 1 - Math.pow(beta2, steps);
        for (int g = 0; g < parameters.length; g++) {
            double[] p = parameters[g], grad = gradients[g], m = firstMoment[g], v = secondMoment[g];
            for (int i = 0; i < p.length; i++) {
                m[i] = beta1 * m[i] + (1 - beta1) * grad[i];
                v[i] = beta2 * v[i] + (1 - beta2) * grad[i] * grad[i];
                p[i] -= learningRate * (m[i] / correction1) / (Math.sqrt(v[i] / correction2) + epsilon);
            }
        }
    }

    public int steps() {
        return steps;
    }
}
