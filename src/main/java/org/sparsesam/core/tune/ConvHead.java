package org.sparsesam.core.tune;

import java.util.Random;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.image.FloatPlane;

/**
 * A small convolutional net on the grid: 3x3 conv (C to H channels, zero padding) + ReLU, optionally a
 * 1x1 conv (H to H) + ReLU, then a 1x1 conv to one logit. Each logit depends on a 3x3 neighbourhood only,
 * which is what lets training evaluate any random subset of cells without computing whole planes.
 * Weight layout: conv weight index {@code (channel * 9 + tap) * H + unit}, tap = (dy + 1) * 3 + (dx + 1);
 * mix weight index {@code in * H + out}; units contiguous so the inner loops run over them.
 */
public final class ConvHead implements Head {
    private static final int TAPS = 9;

    private final FeatureStandardization standardization;
    private final int channels;
    private final int hidden;
    private final boolean mix;
    private final double[] convWeight;
    private final double[] convBias;
    private final double[] mixWeight;
    private final double[] mixBias;
    private final double[] outWeight;
    private final double[] outBias;

    /**
     * @param hidden units in each hidden layer (16 is plenty for a handful of clicks)
     * @param layers 2 (conv, out) or 3 (conv, 1x1 mix, out)
     */
    public ConvHead(FeatureStandardization standardization, int hidden, int layers, Random random) {
        if (hidden < 1) {
            throw new IllegalArgumentException("hidden units must be at least 1, got " + hidden);
        }
        if (layers != 2 && layers != 3) {
            throw new IllegalArgumentException("conv head has 2 or 3 layers, got " + layers);
        }
        this.standardization = standardization;
        this.channels = standardization.channelCount();
        this.hidden = hidden;
        this.mix = layers == 3;
        // He initialization keeps ReLU activations at unit scale; the small output layer starts logits near 0.
        this.convWeight = gaussian(random, channels * TAPS * hidden, Math.sqrt(2.0 / (channels * TAPS)));
        this.convBias = new double[hidden];
        this.mixWeight = mix ? gaussian(random, hidden * hidden, Math.sqrt(2.0 / hidden)) : new double[0];
        this.mixBias = new double[mix ? hidden : 0];
        this.outWeight = gaussian(random, hidden, 0.1 / Math.sqrt(hidden));
        this.outBias = new double[1];
    }

    private ConvHead(ConvHead from) {
        this.standardization = from.standardization;
        this.channels = from.channels;
        this.hidden = from.hidden;
        this.mix = from.mix;
        this.convWeight = from.convWeight.clone();
        this.convBias = from.convBias.clone();
        this.mixWeight = from.mixWeight.clone();
        this.mixBias = from.mixBias.clone();
        this.outWeight = from.outWeight.clone();
        this.outBias = from.outBias.clone();
    }

    private static double[] gaussian(Random random, int n, double std) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = std * random.nextGaussian();
        }
        return v;
    }

    @Override
    public int inputChannels() {
        return channels;
    }

    public int layers() {
        return mix ? 3 : 2;
    }

    @Override
    public double[][] parameters() {
        return mix
                ? new double[][] {convWeight, convBias, mixWeight, mixBias, outWeight, outBias}
                : new double[][] {convWeight, convBias, outWeight, outBias};
    }

    @Override
    public String[] parameterNames() {
        return mix
                ? new String[] {"convWeight", "convBias", "mixWeight", "mixBias", "outWeight", "outBias"}
                : new String[] {"convWeight", "convBias", "outWeight", "outBias"};
    }

    /** Per-thread scratch for one cell's activations, so a chunk allocates once, not once per cell. */
    private final class CellPass {
        final double[] patch = new double[channels * TAPS];
        final double[] conv = new double[hidden];
        final double[] mixed = new double[hidden];
        final double[] dHidden = new double[hidden];
        final double[] dConv = new double[hidden];

        /** Fills the activations of {@code cell} and returns its logit. */
        double forward(float[][] features, int width, int height, int cell) {
            int cx = cell % width, cy = cell / width;
            for (int c = 0; c < channels; c++) {
                float[] f = features[c];
                for (int dy = -1; dy <= 1; dy++) {
                    int y = cy + dy;
                    for (int dx = -1; dx <= 1; dx++) {
                        int x = cx + dx;
                        boolean inside = x >= 0 && x < width && y >= 0 && y < height;
                        patch[c * TAPS + (dy + 1) * 3 + dx + 1] = inside ? standardization.apply(c, f[y * width + x]) : 0;
                    }
                }
            }
            System.arraycopy(convBias, 0, conv, 0, hidden);
            for (int j = 0; j < patch.length; j++) {
                double p = patch[j];
                if (p != 0) {
                    int base = j * hidden;
                    for (int k = 0; k < hidden; k++) {
                        conv[k] += p * convWeight[base + k];
                    }
                }
            }
            relu(conv);
            double[] last = conv;
            if (mix) {
                System.arraycopy(mixBias, 0, mixed, 0, hidden);
                for (int j = 0; j < hidden; j++) {
                    double a = conv[j];
                    if (a != 0) {
                        for (int k = 0; k < hidden; k++) {
                            mixed[k] += a * mixWeight[j * hidden + k];
                        }
                    }
                }
                relu(mixed);
                last = mixed;
            }
            double z = outBias[0];
            for (int k = 0; k < hidden; k++) {
                z += outWeight[k] * last[k];
            }
            return z;
        }

        /** Backpropagates {@code g} = d(loss)/d(logit) through the activations left by {@link #forward}. */
        void backward(double g, double[][] grad) {
            double[] last = mix ? mixed : conv;
            double[] dOutWeight = grad[mix ? 4 : 2];
            for (int k = 0; k < hidden; k++) {
                dOutWeight[k] += g * last[k];
                // ReLU output 0 means the unit was off: no gradient flows through it.
                dHidden[k] = last[k] > 0 ? g * outWeight[k] : 0;
            }
            grad[mix ? 5 : 3][0] += g;
            if (mix) {
                double[] dMixWeight = grad[2], dMixBias = grad[3];
                for (int j = 0; j < hidden; j++) {
                    double a = conv[j];
                    double back = 0;
                    for (int k = 0; k < hidden; k++) {
                        dMixWeight[j * hidden + k] += a * dHidden[k];
                        back += mixWeight[j * hidden + k] * dHidden[k];
                    }
                    dConv[j] = a > 0 ? back : 0;
                }
                for (int k = 0; k < hidden; k++) {
                    dMixBias[k] += dHidden[k];
                }
            } else {
                System.arraycopy(dHidden, 0, dConv, 0, hidden);
            }
            double[] dConvWeight = grad[0], dConvBias = grad[1];
            for (int k = 0; k < hidden; k++) {
                dConvBias[k] += dConv[k];
            }
            for (int j = 0; j < patch.length; j++) {
                double p = patch[j];
                if (p != 0) {
                    int base = j * hidden;
                    for (int k = 0; k < hidden; k++) {
                        dConvWeight[base + k] += p * dConv[k];
                    }
                }
            }
        }
    }

    private static void relu(double[] v) {
        for (int k = 0; k < v.length; k++) {
            v[k] = Math.max(0, v[k]);
        }
    }

    @Override
    public void forward(FeatureGrid grid, int[] cells, double[] logits) {
        float[][] features = GridChannels.of(grid, channels);
        int width = grid.gridWidth(), height = grid.gridHeight(), n = cells.length;
        CellChunks.run(CellChunks.count(n), chunk -> {
            CellPass pass = new CellPass();
            for (int k = CellChunks.start(chunk); k < CellChunks.end(chunk, n); k++) {
                logits[k] = pass.forward(features, width, height, cells[k]);
            }
        });
    }

    @Override
    public void accumulateGradients(FeatureGrid grid, int[] cells, double[] logitGradients, double[][] gradients) {
        float[][] features = GridChannels.of(grid, channels);
        int width = grid.gridWidth(), height = grid.gridHeight(), n = cells.length;
        int chunks = CellChunks.count(n);
        double[][][] perChunk = new double[chunks][][];
        CellChunks.run(chunks, chunk -> {
            CellPass pass = new CellPass();
            double[][] grad = zeroGradients();
            for (int k = CellChunks.start(chunk); k < CellChunks.end(chunk, n); k++) {
                if (logitGradients[k] != 0) {
                    // Recomputing the forward pass here keeps the head stateless between the two calls.
                    pass.forward(features, width, height, cells[k]);
                    pass.backward(logitGradients[k], grad);
                }
            }
            perChunk[chunk] = grad;
        });
        CellChunks.sumInOrder(perChunk, gradients);
    }

    @Override
    public FloatPlane predictLogits(FeatureGrid grid) {
        return new ConvHeadPlanes(this, standardization, channels, hidden).predict(grid);
    }

    @Override
    public Head copy() {
        return new ConvHead(this);
    }

    double[] convWeight() {
        return convWeight;
    }

    double[] convBias() {
        return convBias;
    }

    double[] mixWeight() {
        return mix ? mixWeight : null;
    }

    double[] mixBias() {
        return mixBias;
    }

    double[] outWeight() {
        return outWeight;
    }

    double outBias() {
        return outBias[0];
    }
}
