package org.sparsesam.core.image;

import java.util.Arrays;

/**
 * The input image as the core sees it: one plane (grey) or three planes (R, G, B), values on the
 * 0..255 scale for 8-bit data (16/32-bit grey is kept in its own range; encoders normalise per image).
 * Immutable by convention: the core never writes to an input's planes.
 */
public final class RasterImage {
    private final FloatPlane[] channels;

    private RasterImage(FloatPlane... channels) {
        if (channels.length != 1 && channels.length != 3) {
            throw new IllegalArgumentException("an image has 1 (grey) or 3 (RGB) channels, got " + channels.length);
        }
        for (FloatPlane c : channels) {
            if (c.width() != channels[0].width() || c.height() != channels[0].height()) {
                throw new IllegalArgumentException("channels differ in size");
            }
        }
        this.channels = channels.clone();
    }

    public static RasterImage rgb(FloatPlane red, FloatPlane green, FloatPlane blue) {
        return new RasterImage(red, green, blue);
    }

    public static RasterImage grey(FloatPlane grey) {
        return new RasterImage(grey);
    }

    /** From packed 0xRRGGBB pixels, row-major. */
    public static RasterImage fromPackedRgb(int width, int height, int[] rgb) {
        FloatPlane r = new FloatPlane(width, height), g = new FloatPlane(width, height), b = new FloatPlane(width, height);
        float[] rd = r.data(), gd = g.data(), bd = b.data();
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            rd[i] = (p >> 16) & 0xff;
            gd[i] = (p >> 8) & 0xff;
            bd[i] = p & 0xff;
        }
        return rgb(r, g, b);
    }

    public int width() {
        return channels[0].width();
    }

    public int height() {
        return channels[0].height();
    }

    public boolean isRgb() {
        return channels.length == 3;
    }

    public int channelCount() {
        return channels.length;
    }

    public FloatPlane channel(int c) {
        return channels[c];
    }

    /** The smallest and largest value over all channels, {min, max}: how an encoder maps this image's values to its input. */
    public float[] valueRange() {
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (FloatPlane channel : channels) {
            for (float v : channel.data()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return new float[] {min, max};
    }

    /** Mean of the channels (the image itself when grey). */
    public FloatPlane intensity() {
        if (!isRgb()) {
            return channels[0];
        }
        FloatPlane out = new FloatPlane(width(), height());
        float[] o = out.data(), r = channels[0].data(), g = channels[1].data(), b = channels[2].data();
        for (int i = 0; i < o.length; i++) {
            o[i] = (r[i] + g[i] + b[i]) / 3f;
        }
        return out;
    }

    /**
     * A content hash used to key embedding caches: equal pixels give equal keys. Computed once: the image is immutable
     * by convention, and live clicking asks for it on every click (a pass over every channel, milliseconds a megapixel).
     */
    public long contentHash() {
        Long known = contentHash;
        if (known == null) {
            long h = 1125899906842597L ^ ((long) width() << 32 | height());
            for (FloatPlane c : channels) {
                h = 31 * h + Arrays.hashCode(c.data());
            }
            contentHash = known = h;
        }
        return known;
    }

    /** Set once, by whichever thread asks first: a boxed value is published whole. */
    private volatile Long contentHash;
}
