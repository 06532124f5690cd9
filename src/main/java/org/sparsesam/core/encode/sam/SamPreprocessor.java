package org.sparsesam.core.encode.sam;

import org.sparsesam.core.Progress;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.model.ModelManifest;

/**
 * SAM's image preparation, step for step: 8-bit RGB, longest side resized to the input size with
 * Pillow's antialiased bilinear filter (what SamPredictor.set_image does), normalised with the manifest's
 * pixel mean and std, zero-padded at the bottom and right to a square.
 */
public final class SamPreprocessor {
    private final int inputSize;
    private final float[] mean;
    private final float[] std;

    public SamPreprocessor(ModelManifest manifest) {
        this.inputSize = manifest.inputSize();
        double[] m = manifest.pixelMean(), s = manifest.pixelStd();
        this.mean = new float[] {(float) m[0], (float) m[1], (float) m[2]};
        this.std = new float[] {(float) s[0], (float) s[1], (float) s[2]};
    }

    public int inputSize() {
        return inputSize;
    }

    public SamInput prepare(RasterImage image, Progress progress) {
        SamFrame frame = SamFrame.of(image.width(), image.height(), inputSize);
        int[][] rgb = resized(image, frame, progress);
        int s = inputSize, plane = s * s;
        float[] tensor = new float[3 * plane]; // zeros: the padding
        for (int c = 0; c < 3; c++) {
            int[] src = rgb[c];
            for (int y = 0; y < frame.resizedHeight(); y++) {
                for (int x = 0; x < frame.resizedWidth(); x++) {
                    // Same float operations as torch's (x - mean) / std on float32, so the values agree exactly.
                    tensor[c * plane + y * s + x] = ((float) src[y * frame.resizedWidth() + x] - mean[c]) / std[c];
                }
            }
        }
        return new SamInput(tensor, frame);
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
        if (width > inputSize || height > inputSize) {
            throw new IllegalArgumentException("a tile of " + width + "x" + height + " does not fit the model's " + inputSize + " px frame");
        }
        int s = inputSize, plane = s * s;
        int w = Math.max(0, Math.min(width, image.width() - x0)), h = Math.max(0, Math.min(height, image.height() - y0));
        float[] tensor = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            float[] src = image.channel(image.isRgb() ? c : 0).data();
            for (int y = 0; y < h; y++) {
                int row = (y0 + y) * image.width() + x0;
                for (int x = 0; x < w; x++) {
                    tensor[c * plane + y * s + x] = ((float) bytes.toByte(src[row + x]) - mean[c]) / std[c];
                }
            }
        }
        return new SamInput(tensor, new SamFrame(w, h, w, h, inputSize));
    }

    /**
     * How image values become SAM's 8-bit RGB: grey images are replicated to three channels, and values
     * outside 0..255 (16- or 32-bit images) are stretched from the image's min..max. Computed once per image,
     * so that every tile of a tiled encoding maps values alike; each case is noted.
     */
    public record ByteMapping(float offset, float gain) {
        public static ByteMapping of(RasterImage image, Progress progress) {
            if (!image.isRgb()) {
                progress.note("Grey image: its values are used for all three colour channels, as SAM takes RGB.");
            }
            float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < image.channelCount(); c++) {
                for (float v : image.channel(c).data()) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            boolean stretch = min < 0 || max > 255;
            if (stretch) {
                progress.note("Image values span " + min + ".." + max + ": stretched to 0..255, as SAM takes 8-bit images.");
                return new ByteMapping(min, max > min ? 255f / (max - min) : 0f);
            }
            return new ByteMapping(0f, 1f);
        }

        public int toByte(float value) {
            return Math.max(0, Math.min(255, Math.round((value - offset) * gain)));
        }
    }

    static int[][] toRgbBytes(RasterImage image, Progress progress) {
        ByteMapping mapping = ByteMapping.of(image, progress);
        int[][] out = new int[3][];
        for (int c = 0; c < 3; c++) {
            float[] src = image.channel(image.isRgb() ? c : 0).data();
            int[] dst = new int[src.length];
            for (int i = 0; i < src.length; i++) {
                dst[i] = mapping.toByte(src[i]);
            }
            out[c] = dst;
        }
        return out;
    }
}
