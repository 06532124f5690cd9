package org.sparsesam.core.encode.sam;

import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.image.FloatPlane;

/**
 * The encoder's output for one image: {@code channels} planes of {@code size x size} over the padded model
 * frame (row-major, channel after channel, as ONNX Runtime returns [1, C, E, E]), with the frame that says
 * where the image lies in it. What the decoder takes, and what an embedding cache keeps.
 */
public record SamEmbedding(float[] values, int channels, int size, SamFrame frame, String modelId) {

    public SamEmbedding {
        if (values.length != channels * size * size) {
            throw new IllegalArgumentException(values.length + " values for an embedding of " + channels + "x" + size + "x" + size);
        }
    }

    public float value(int channel, int y, int x) {
        return values[(channel * size + y) * size + x];
    }

    /** Input pixels per embedding cell (16 for SAM: 1024 / 64). */
    public double cellSize() {
        return (double) frame.inputSize() / size;
    }

    public long sizeInBytes() {
        return 4L * values.length;
    }

    /**
     * The embedding as a feature grid over the image alone. One SAM cell spans {@code longest side / E}
     * image pixels, rarely a whole number, so the grid uses the nearest whole stride and samples the
     * embedding bilinearly at each grid cell's centre mapped into the model frame; cells are kept off the
     * padding (which holds no image) by clamping to the last embedding cell that covers image pixels.
     */
    public FeatureGrid toFeatureGrid() {
        int w = frame.imageWidth(), h = frame.imageHeight();
        int stride = Math.max(1, (int) Math.round(Math.max(w, h) / (double) size));
        int gridWidth = (w + stride - 1) / stride, gridHeight = (h + stride - 1) / stride;
        double cell = cellSize();
        double lastX = Math.ceil(frame.resizedWidth() / cell) - 1, lastY = Math.ceil(frame.resizedHeight() / cell) - 1;
        double[] ex = new double[gridWidth], ey = new double[gridHeight];
        for (int gx = 0; gx < gridWidth; gx++) {
            // Continuous (pixel-edge) coordinates scale linearly between image and model frame.
            double imageX = Math.min(w, (gx + 0.5) * stride);
            ex[gx] = Math.min(lastX, imageX * frame.resizedWidth() / w / cell - 0.5);
        }
        for (int gy = 0; gy < gridHeight; gy++) {
            double imageY = Math.min(h, (gy + 0.5) * stride);
            ey[gy] = Math.min(lastY, imageY * frame.resizedHeight() / h / cell - 0.5);
        }
        FloatPlane[] planes = new FloatPlane[channels];
        String[] names = new String[channels];
        int plane = size * size;
        for (int c = 0; c < channels; c++) {
            float[] data = new float[plane];
            System.arraycopy(values, c * plane, data, 0, plane);
            FloatPlane source = new FloatPlane(size, size, data);
            FloatPlane out = new FloatPlane(gridWidth, gridHeight);
            for (int gy = 0; gy < gridHeight; gy++) {
                for (int gx = 0; gx < gridWidth; gx++) {
                    out.set(gx, gy, source.sample(ex[gx], ey[gy]));
                }
            }
            planes[c] = out;
            names[c] = "sam" + c;
        }
        return new FeatureGrid(planes, names, stride, w, h);
    }
}
