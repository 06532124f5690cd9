package org.sparsesam.core.encode;

import org.sparsesam.core.image.FloatPlane;

/**
 * Per-location feature vectors on a regular grid over the image. Cell (gx, gy) covers image pixels
 * [gx*stride, (gx+1)*stride) x [gy*stride, (gy+1)*stride); its centre is at image coordinate
 * ((gx + 0.5) * stride - 0.5, (gy + 0.5) * stride - 0.5) with pixel centres at integers.
 * Stored planar: one {@link FloatPlane} per channel, which is what filters produce and what
 * per-channel statistics want.
 */
public final class FeatureGrid {
    private final FloatPlane[] channels;
    private final int stride;
    private final int imageWidth;
    private final int imageHeight;
    private final String[] names;

    public FeatureGrid(FloatPlane[] channels, String[] names, int stride, int imageWidth, int imageHeight) {
        if (channels.length == 0) {
            throw new IllegalArgumentException("a feature grid needs at least one channel");
        }
        if (names.length != channels.length) {
            throw new IllegalArgumentException("one name per channel");
        }
        for (FloatPlane c : channels) {
            if (c.width() != channels[0].width() || c.height() != channels[0].height()) {
                throw new IllegalArgumentException("feature channels differ in size");
            }
        }
        this.channels = channels.clone();
        this.names = names.clone();
        this.stride = stride;
        this.imageWidth = imageWidth;
        this.imageHeight = imageHeight;
    }

    public int channelCount() {
        return channels.length;
    }

    public FloatPlane channel(int c) {
        return channels[c];
    }

    public String channelName(int c) {
        return names[c];
    }

    public int gridWidth() {
        return channels[0].width();
    }

    public int gridHeight() {
        return channels[0].height();
    }

    public int stride() {
        return stride;
    }

    public int imageWidth() {
        return imageWidth;
    }

    public int imageHeight() {
        return imageHeight;
    }

    /** Copies the feature vector of cell index {@code i = gy * gridWidth + gx} into {@code out}. */
    public void vector(int i, float[] out) {
        for (int c = 0; c < channels.length; c++) {
            out[c] = channels[c].data()[i];
        }
    }

    /** Grid x of an image x coordinate, clamped to the grid. */
    public int gridX(double imageX) {
        return Math.max(0, Math.min(gridWidth() - 1, (int) Math.floor((imageX + 0.5) / stride)));
    }

    public int gridY(double imageY) {
        return Math.max(0, Math.min(gridHeight() - 1, (int) Math.floor((imageY + 0.5) / stride)));
    }

    /** Bytes held by the feature values, for cache accounting. */
    public long sizeInBytes() {
        return 4L * channels.length * gridWidth() * gridHeight();
    }
}
