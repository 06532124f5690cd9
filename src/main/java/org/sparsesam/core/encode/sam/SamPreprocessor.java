package org.sparsesam.core.encode.sam;

import java.nio.FloatBuffer;
import org.sparsesam.core.Progress;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.model.ModelManifest;

/**
 * SAM's image preparation, step for step: 8-bit RGB, longest side resized to the input size with
 * Pillow's antialiased bilinear filter (what SamPredictor.set_image does), normalised with the manifest's
 * pixel mean and std, zero-padded at the bottom and right to a square.
 *
 * <p>The encoder writes straight into the (direct) buffer its ONNX tensor wraps, in one pass per row: the
 * normalisation is a table of the 256 values each channel can take, computed once with the same float
 * operations as torch's {@code (x - mean) / std}, so looking a value up gives the same bits as computing it.
 */
public final class SamPreprocessor {
    private final int inputSize;
    /** [channel][byte]: the normalised value of each 8-bit level. */
    private final float[][] normalised = new float[3][256];

    public SamPreprocessor(ModelManifest manifest) {
        this.inputSize = manifest.inputSize();
        double[] m = manifest.pixelMean(), s = manifest.pixelStd();
        for (int c = 0; c < 3; c++) {
            float mean = (float) m[c], std = (float) s[c];
            for (int b = 0; b < 256; b++) {
                normalised[c][b] = ((float) b - mean) / std;
            }
        }
    }

    public int inputSize() {
        return inputSize;
    }

    /** Floats in the model's input tensor [1, 3, S, S]. */
    public int tensorLength() {
        return 3 * inputSize * inputSize;
    }

    /** The whole image resized into the model's frame, as a new array (for tests and bench's raw tensor). */
    public SamInput prepare(RasterImage image, Progress progress) {
        float[] tensor = new float[tensorLength()];
        SamFrame frame = prepareInto(image, progress, FloatBuffer.wrap(tensor));
        return new SamInput(tensor, frame);
    }

    /**
     * Writes the whole image, resized into the model's frame, normalised and padded, into {@code tensor} (its
     * first {@link #tensorLength()} floats, by absolute index): resize and normalisation in one pass per row.
     */
    public SamFrame prepareInto(RasterImage image, Progress progress, FloatBuffer tensor) {
        SamFrame frame = SamFrame.of(image.width(), image.height(), inputSize);
        ByteMapping bytes = ByteMapping.of(image, progress);
        int s = inputSize, plane = s * s, rw = frame.resizedWidth(), rh = frame.resizedHeight();
        int[] channelBytes = new int[image.width() * image.height()];
        float[] row = new float[s]; // its tail beyond the resized width stays zero: the padding
        for (int c = 0; c < 3; c++) {
            bytes.toBytes(image.channel(image.isRgb() ? c : 0).data(), channelBytes);
            float[] lut = normalised[c];
            int offset = c * plane;
            PilBilinearResize.resize(channelBytes, image.width(), image.height(), rw, rh, (y, values) -> {
                for (int x = 0; x < rw; x++) {
                    row[x] = lut[values[x]];
                }
                tensor.put(offset + y * s, row, 0, s);
            });
            zeroRows(tensor, offset, rh, s);
        }
        return frame;
    }

    /** The image's 8-bit RGB planes resized into the frame, before normalisation (what SAM feeds its model). */
    public int[][] resized(RasterImage image, SamFrame frame, Progress progress) {
        int[][] rgb = toRgbBytes(image, progress);
        int[][] out = new int[3][];
        for (int c = 0; c < 3; c++) {
            out[c] = PilBilinearResize.resize(rgb[c], image.width(), image.height(), frame.resizedWidth(), frame.resizedHeight());
        }
        return out;
    }

    /**
     * The image's region {@code [x0, x0 + width) x [y0, y0 + height)} at its own scale (no resizing), normalised
     * and placed at the top-left of the model's frame, zero elsewhere: one tile of a tiled encoding. The
     * region may extend past the image; what lies outside is padding, as SAM pads.
     */
    public SamInput prepareTile(RasterImage image, ByteMapping bytes, int x0, int y0, int width, int height) {
        float[] tensor = new float[tensorLength()];
        SamFrame frame = prepareTileInto(image, bytes, x0, y0, width, height, FloatBuffer.wrap(tensor));
        return new SamInput(tensor, frame);
    }

    /**
     * {@link #prepareTile} written into {@code tensor} (absolute indices; every float of the tensor is written,
     * so a buffer reused from the previous tile needs no clearing).
     */
    public SamFrame prepareTileInto(RasterImage image, ByteMapping bytes, int x0, int y0, int width, int height, FloatBuffer tensor) {
        if (width > inputSize || height > inputSize) {
            throw new IllegalArgumentException("a tile of " + width + "x" + height + " does not fit the model's " + inputSize + " px frame");
        }
        int s = inputSize, plane = s * s;
        int w = Math.max(0, Math.min(width, image.width() - x0)), h = Math.max(0, Math.min(height, image.height() - y0));
        float[] row = new float[s]; // its tail beyond the tile's width stays zero: the padding
        for (int c = 0; c < 3; c++) {
            float[] src = image.channel(image.isRgb() ? c : 0).data();
            float[] lut = normalised[c];
            int offset = c * plane;
            for (int y = 0; y < h; y++) {
                int start = (y0 + y) * image.width() + x0;
                for (int x = 0; x < w; x++) {
                    row[x] = lut[bytes.toByte(src[start + x])];
                }
                tensor.put(offset + y * s, row, 0, s);
            }
            zeroRows(tensor, offset, h, s);
        }
        return new SamFrame(w, h, w, h, inputSize);
    }

    /** Zeroes rows {@code from..s-1} of the plane at {@code offset}: the bottom padding. */
    private static void zeroRows(FloatBuffer tensor, int offset, int from, int s) {
        if (from < s) {
            float[] zeros = new float[(s - from) * s];
            tensor.put(offset + from * s, zeros, 0, zeros.length);
        }
    }

    /**
     * How image values become SAM's 8-bit RGB: grey images are replicated to three channels, and values
     * outside 0..255 (16- or 32-bit images) are stretched from the image's min..max. Computed once per image,
     * so that every tile of a tiled encoding maps values alike; each case is noted.
     */
    public record ByteMapping(float offset, float gain) {
        /** Values already within 0..255 (8-bit images): rounded, nothing else. */
        public static final ByteMapping IDENTITY = new ByteMapping(0f, 1f);

        public static ByteMapping of(RasterImage image, Progress progress) {
            if (!image.isRgb()) {
                progress.note("Grey image: its values are used for all three colour channels, as SAM takes RGB.");
            }
            float[] range = image.valueRange();
            float min = range[0], max = range[1];
            boolean stretch = min < 0 || max > 255;
            if (stretch) {
                progress.note("Image values span " + min + ".." + max + ": stretched to 0..255, as SAM takes 8-bit images.");
                return new ByteMapping(min, max > min ? 255f / (max - min) : 0f);
            }
            return IDENTITY;
        }

        public int toByte(float value) {
            if (this == IDENTITY) {
                // Every tile pixel of every image passes here: for values known to lie in 0..255, adding a half
                // and truncating rounds (half up, as Math.round) without Math.round's and the clamps' cost.
                return (int) (value + 0.5f);
            }
            return Math.max(0, Math.min(255, Math.round((value - offset) * gain)));
        }

        void toBytes(float[] values, int[] out) {
            for (int i = 0; i < values.length; i++) {
                out[i] = toByte(values[i]);
            }
        }
    }

    static int[][] toRgbBytes(RasterImage image, Progress progress) {
        ByteMapping mapping = ByteMapping.of(image, progress);
        int[][] out = new int[3][];
        for (int c = 0; c < 3; c++) {
            float[] src = image.channel(image.isRgb() ? c : 0).data();
            int[] dst = new int[src.length];
            mapping.toBytes(src, dst);
            out[c] = dst;
        }
        return out;
    }
}
