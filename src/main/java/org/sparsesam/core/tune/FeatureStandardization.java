package org.sparsesam.core.tune;

import java.util.stream.IntStream;
import org.sparsesam.core.encode.FeatureGrid;

/**
 * Per-channel shift and scale that bring a grid's features to zero mean and unit variance. Heads apply it
 * to their input so that one learning rate suits every encoder, whatever range its channels come in.
 * Frozen during training: it is measured once, not learned.
 */
public final class FeatureStandardization {
    private final double[] mean;
    private final double[] inverseStd;

    private FeatureStandardization(double[] mean, double[] inverseStd) {
        this.mean = mean;
        this.inverseStd = inverseStd;
    }

    /** Mean and standard deviation of every channel over all cells of {@code grid}. */
    public static FeatureStandardization of(FeatureGrid grid) {
        int channels = grid.channelCount();
        double[] mean = new double[channels];
        double[] inverseStd = new double[channels];
        IntStream.range(0, channels).parallel().forEach(c -> {
            float[] v = grid.channel(c).data();
            double sum = 0;
            for (float x : v) {
                sum += x;
            }
            double m = sum / v.length;
            double squares = 0;
            for (float x : v) {
                squares += (x - m) * (x - m);
            }
            double std = Math.sqrt(squares / v.length);
            mean[c] = m;
            // A constant channel carries no information; scaling it by 0 keeps it out instead of dividing by 0.
            inverseStd[c] = std > 1e-12 ? 1 / std : 0;
        });
        return new FeatureStandardization(mean, inverseStd);
    }

    /** No change: for features that are already standardized, and for tests. */
    public static FeatureStandardization identity(int channels) {
        double[] ones = new double[channels];
        java.util.Arrays.fill(ones, 1);
        return new FeatureStandardization(new double[channels], ones);
    }

    public int channelCount() {
        return mean.length;
    }

    public double mean(int channel) {
        return mean[channel];
    }

    public double inverseStd(int channel) {
        return inverseStd[channel];
    }

    public double apply(int channel, float value) {
        return (value - mean[channel]) * inverseStd[channel];
    }

    /** Mean and standard deviation of every channel over all cells of all {@code grids}: for few-shot training. */
    public static FeatureStandardization pooled(java.util.List<FeatureGrid> grids) {
        int channels = grids.get(0).channelCount();
        double[] mean = new double[channels];
        double[] inverseStd = new double[channels];
        IntStream.range(0, channels).parallel().forEach(c -> {
            double sum = 0;
            long count = 0;
            for (FeatureGrid g : grids) {
                for (float x : g.channel(c).data()) {
                    sum += x;
                }
                count += g.channel(c).data().length;
            }
            double m = sum / count;
            double squares = 0;
            for (FeatureGrid g : grids) {
                for (float x : g.channel(c).data()) {
                    squares += (x - m) * (x - m);
                }
            }
            double std = Math.sqrt(squares / count);
            mean[c] = m;
            inverseStd[c] = std > 1e-12 ? 1 / std : 0;
        });
        return new FeatureStandardization(mean, inverseStd);
    }

    /** Values saved before, as a trained-model file holds them; arrays are copied. */
    public static FeatureStandardization fromValues(double[] mean, double[] inverseStd) {
        if (mean.length != inverseStd.length) {
            throw new IllegalArgumentException("mean and inverse standard deviation differ in length");
        }
        return new FeatureStandardization(mean.clone(), inverseStd.clone());
    }

    public double[] means() {
        return mean.clone();
    }

    public double[] inverseStds() {
        return inverseStd.clone();
    }
}
