package org.sparsesam.core.tune;

import java.util.Arrays;
import java.util.Random;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.image.FloatPlane;

/** logit = w · standardized(f) + b at every cell: a per-pixel logistic regression on the features. */
public final class LinearHead implements Head {
    private final FeatureStandardization standardization;
    private final double[] weight;
    private final double[] bias;

    /** Small random weights from {@code random}, zero bias. */
    public LinearHead(FeatureStandardization standardization, Random random) {
        this.standardization = standardization;
        int channels = standardization.channelCount();
        this.weight = new double[channels];
        this.bias = new double[1];
        double scale = 0.1 / Math.sqrt(channels);
        for (int c = 0; c < channels; c++) {
            weight[c] = scale * random.nextGaussian();
        }
    }

    private LinearHead(FeatureStandardization standardization, double[] weight, double[] bias) {
        this.standardization = standardization;
        this.weight = weight;
        this.bias = bias;
    }

    @Override
    public int inputChannels() {
        return weight.length;
    }

    @Override
    public double[][] parameters() {
        return new double[][] {weight, bias};
    }

    @Override
    public String[] parameterNames() {
        return new String[] {"weight", "bias"};
    }

    @Override
    public void forward(FeatureGrid grid, int[] cells, double[] logits) {
        float[][] features = GridChannels.of(grid, weight.length);
        int n = cells.length;
        CellChunks.run(CellChunks.count(n), chunk -> {
            for (int k = CellChunks.start(chunk); k < CellChunks.end(chunk, n); k++) {
                int cell = cells[k];
                double z = bias[0];
                for (int c = 0; c < features.length; c++) {
                    z += weight[c] * standardization.apply(c, features[c][cell]);
                }
                logits[k] = z;
            }
        });
    }

    @Override
    public void accumulateGradients(FeatureGrid grid, int[] cells, double[] logitGradients, double[][] gradients) {
        float[][] features = GridChannels.of(grid, weight.length);
        int n = cells.length;
        int chunks = CellChunks.count(n);
        double[][][] perChunk = new double[chunks][][];
        CellChunks.run(chunks, chunk -> {
            double[] dWeight = new double[weight.length];
            double dBias = 0;
            for (int k = CellChunks.start(chunk); k < CellChunks.end(chunk, n); k++) {
                int cell = cells[k];
                double g = logitGradients[k];
                if (g == 0) {
                    continue;
                }
                for (int c = 0; c < features.length; c++) {
                    dWeight[c] += g * standardization.apply(c, features[c][cell]);
                }
                dBias += g;
            }
            perChunk[chunk] = new double[][] {dWeight, {dBias}};
        });
        CellChunks.sumInOrder(perChunk, gradients);
    }

    @Override
    public FloatPlane predictLogits(FeatureGrid grid) {
        float[][] features = GridChannels.of(grid, weight.length);
        int width = grid.gridWidth(), height = grid.gridHeight();
        int channels = weight.length;
        // Folding the standardization into the weights leaves one multiply-add per channel and cell.
        float[] folded = new float[channels];
        double offset = bias[0];
        for (int c = 0; c < channels; c++) {
            double w = weight[c] * standardization.inverseStd(c);
            folded[c] = (float) w;
            offset -= w * standardization.mean(c);
        }
        float start = (float) offset;
        float[] out = new float[width * height];
        CellChunks.runRows(height, (fromRow, toRow) -> {
            int from = fromRow * width, to = toRow * width;
            Arrays.fill(out, from, to, start);
            for (int c = 0; c < channels; c++) {
                float w = folded[c];
                float[] f = features[c];
                for (int i = from; i < to; i++) {
                    out[i] += w * f[i];
                }
            }
        });
        return new FloatPlane(width, height, out);
    }

    @Override
    public Head copy() {
        return new LinearHead(standardization, weight.clone(), bias.clone());
    }
}
