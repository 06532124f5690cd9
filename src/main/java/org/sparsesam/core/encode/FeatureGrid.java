package org.sparsesam.core.encode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparsesam.core.image.FloatPlane;

/**
 * Per-location feature vectors on a regular grid over the image. Cell (gx, gy) covers image pixels
 * [gx*stride, (gx+1)*stride) x [gy*stride, (gy+1)*stride); its centre is at image coordinate
 * ((gx + 0.5) * stride - 0.5, (gy + 0.5) * stride - 0.5) with pixel centres at integers.
 * Stored planar: one {@link FloatPlane} per channel, which is what filters produce and what
 * per-channel statistics want.
 *
 * <p>A grid may also carry named auxiliary planes of its own size: per-cell maps an encoder makes besides the
 * features (a learned encoder's nucleus and gland distance maps). They are not channels: similarity, statistics
 * and heads see only the channels, and code that wants a map asks for it by name.
 */
public final class FeatureGrid {
    private final FloatPlane[] channels;
    private final int stride;
    private final int imageWidth;
    private final int imageHeight;
    private final String[] names;
    private final Map<String, FloatPlane> auxiliary;

    public FeatureGrid(FloatPlane[] channels, String[] names, int stride, int imageWidth, int imageHeight) {
        this(channels, names, stride, imageWidth, imageHeight, Map.of());
    }

    private FeatureGrid(FloatPlane[] channels, String[] names, int stride, int imageWidth, int imageHeight,
                        Map<String, FloatPlane> auxiliary) {
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
        this.auxiliary = auxiliary;
    }

    /**
     * This grid (same channels, shared, not copied) with the auxiliary plane {@code name} added, or replaced when
     * the grid has one of that name already. The plane must have the grid's size.
     */
    public FeatureGrid withAuxiliary(String name, FloatPlane plane) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an auxiliary plane needs a name");
        }
        if (plane.width() != gridWidth() || plane.height() != gridHeight()) {
            throw new IllegalArgumentException("auxiliary plane '" + name + "' is " + plane.width() + "x" + plane.height()
                    + " but the grid is " + gridWidth() + "x" + gridHeight());
        }
        Map<String, FloatPlane> more = new LinkedHashMap<>(auxiliary);
        more.put(name, plane);
        return new FeatureGrid(channels, names, stride, imageWidth, imageHeight, Collections.unmodifiableMap(more));
    }

    /** The auxiliary plane {@code name}, or null when this grid has none of that name. */
    public FloatPlane auxiliary(String name) {
        return auxiliary.get(name);
    }

    /** Names of the auxiliary planes, in the order they were added. */
    public List<String> auxiliaryNames() {
        return List.copyOf(auxiliary.keySet());
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

    /** Bytes held by the feature values and auxiliary planes, for cache accounting. */
    public long sizeInBytes() {
        return 4L * (channels.length + auxiliary.size()) * gridWidth() * gridHeight();
    }
}
