package org.sparsesam.core.tune;

import java.util.Arrays;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.image.FloatPlane;

/**
 * Whole-grid prediction of a {@link ConvHead}, row by row in float. The per-cell path gathers a patch and
 * runs short loops over units; here every weight is applied to a whole row at once, long loops the JIT
 * turns into vector instructions, which is several times faster over a million cells.
 */
final class ConvHeadPlanes {
    private final int channels;
    private final int hidden;
    private final FeatureStandardization standardization;
    private final float[] convWeight;
    private final float[] convBias;
    private final float[] mixWeight;
    private final float[] mixBias;
    private final float[] outWeight;
    private final float outBias;

    ConvHeadPlanes(ConvHead head, FeatureStandardization standardization, int channels, int hidden) {
        this.channels = channels;
        this.hidden = hidden;
        this.standardization = standardization;
        this.convWeight = toFloat(head.convWeight());
        this.convBias = toFloat(head.convBias());
        this.mixWeight = head.mixWeight() == null ? null : toFloat(head.mixWeight());
        this.mixBias = toFloat(head.mixBias());
        this.outWeight = toFloat(head.outWeight());
        this.outBias = (float) head.outBias();
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    FloatPlane predict(FeatureGrid grid) {
        float[][] features = GridChannels.of(grid, channels);
        int width = grid.gridWidth(), height = grid.gridHeight();
        float[] out = new float[width * height];
        CellChunks.runRows(height, (fromRow, toRow) -> {
            float[][] conv = new float[hidden][width];
            float[][] mixed = mixWeight == null ? null : new float[hidden][width];
            // One zero on each side is the 3x3 conv's zero padding in standardized units.
            float[] padded = new float[width + 2];
            for (int y = fromRow; y < toRow; y++) {
                convolveRow(features, width, height, y, conv, padded);
                float[][] last = conv;
                if (mixed != null) {
                    mixRow(conv, mixed, width);
                    last = mixed;
                }
                int rowStart = y * width;
                Arrays.fill(out, rowStart, rowStart + width, outBias);
                for (int k = 0; k < hidden; k++) {
                    float w = outWeight[k];
                    float[] a = last[k];
                    for (int x = 0; x < width; x++) {
                        out[rowStart + x] += w * a[x];
                    }
                }
            }
        });
        return new FloatPlane(width, height, out);
    }

    private void convolveRow(float[][] features, int width, int height, int y, float[][] conv, float[] padded) {
        for (int k = 0; k < hidden; k++) {
            Arrays.fill(conv[k], convBias[k]);
        }
        for (int c = 0; c < channels; c++) {
            float[] f = features[c];
            float mean = (float) standardization.mean(c);
            float scale = (float) standardization.inverseStd(c);
            for (int dy = -1; dy <= 1; dy++) {
                int sy = y + dy;
                if (sy < 0 || sy >= height) {
                    continue;
                }
                int rowStart = sy * width;
                for (int x = 0; x < width; x++) {
                    padded[x + 1] = (f[rowStart + x] - mean) * scale;
                }
                for (int dx = -1; dx <= 1; dx++) {
                    int base = (c * 9 + (dy + 1) * 3 + dx + 1) * hidden;
                    int shift = 1 + dx;
                    for (int k = 0; k < hidden; k++) {
                        float w = convWeight[base + k];
                        float[] a = conv[k];
                        for (int x = 0; x < width; x++) {
                            a[x] += w * padded[x + shift];
                        }
                    }
                }
            }
        }
        for (int k = 0; k < hidden; k++) {
            float[] a = conv[k];
            for (int x = 0; x < width; x++) {
                a[x] = Math.max(0, a[x]);
            }
        }
    }

    private void mixRow(float[][] conv, float[][] mixed, int width) {
        for (int k = 0; k < hidden; k++) {
            float[] m = mixed[k];
            Arrays.fill(m, mixBias[k]);
            for (int j = 0; j < hidden; j++) {
                float w = mixWeight[j * hidden + k];
                float[] a = conv[j];
                for (int x = 0; x < width; x++) {
                    m[x] += w * a[x];
                }
            }
            for (int x = 0; x < width; x++) {
                m[x] = Math.max(0, m[x]);
            }
        }
    }
}
