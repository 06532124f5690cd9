package org.sparsesam.core.image;

import org.sparsesam.core.instance.LabelImage;

/**
 * Moves an image and what was segmented on it between its own resolution and a lower magnification (a 40x
 * slide segmented at 20x): the image is shrunk by area averaging (each output pixel the mean of the input
 * area it covers, as a microscope at lower magnification integrates it), and maps and labels come back to the
 * full resolution (bilinear for maps, nearest for labels, so every object keeps its label).
 */
public final class Magnification {
    private final int width;
    private final int height;
    private final int smallWidth;
    private final int smallHeight;

    /** For a {@code width x height} image at {@code scale} (0 < scale <= 1): sides rounded, at least one pixel. */
    public Magnification(int width, int height, double scale) {
        if (!(scale > 0 && scale <= 1)) {
            throw new IllegalArgumentException("scale " + scale + " is not in (0, 1]");
        }
        this.width = width;
        this.height = height;
        this.smallWidth = Math.max(1, (int) Math.round(width * scale));
        this.smallHeight = Math.max(1, (int) Math.round(height * scale));
    }

    public int smallWidth() {
        return smallWidth;
    }

    public int smallHeight() {
        return smallHeight;
    }

    /** The image at the lower magnification; a new image, the input is not touched. */
    public RasterImage shrink(RasterImage image) {
        if (image.width() != width || image.height() != height) {
            throw new IllegalArgumentException("image is " + image.width() + "x" + image.height() + ", not " + width + "x" + height);
        }
        AreaWeights wx = new AreaWeights(width, smallWidth), wy = new AreaWeights(height, smallHeight);
        FloatPlane[] planes = new FloatPlane[image.channelCount()];
        for (int c = 0; c < planes.length; c++) {
            planes[c] = shrink(image.channel(c), wx, wy);
        }
        return planes.length == 3 ? RasterImage.rgb(planes[0], planes[1], planes[2]) : RasterImage.grey(planes[0]);
    }

    private FloatPlane shrink(FloatPlane in, AreaWeights wx, AreaWeights wy) {
        float[] src = in.data();
        double[] rows = new double[smallWidth * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < smallWidth; x++) {
                double sum = 0;
                for (int k = wx.first[x]; k <= wx.last[x]; k++) {
                    sum += wx.weight(x, k) * src[y * width + k];
                }
                rows[y * smallWidth + x] = sum;
            }
        }
        FloatPlane out = new FloatPlane(smallWidth, smallHeight);
        float[] o = out.data();
        for (int y = 0; y < smallHeight; y++) {
            for (int x = 0; x < smallWidth; x++) {
                double sum = 0;
                for (int k = wy.first[y]; k <= wy.last[y]; k++) {
                    sum += wy.weight(y, k) * rows[k * smallWidth + x];
                }
                o[y * smallWidth + x] = (float) sum;
            }
        }
        return out;
    }

    /** Image x (pixel centres at integers) at the lower magnification, kept inside it. */
    public double toSmallX(double x) {
        return Math.max(0, Math.min(smallWidth - 1, (x + 0.5) * smallWidth / width - 0.5));
    }

    public double toSmallY(double y) {
        return Math.max(0, Math.min(smallHeight - 1, (y + 0.5) * smallHeight / height - 0.5));
    }

    /** A map at the lower magnification back at full resolution, bilinear between pixel centres. */
    public FloatPlane enlarge(FloatPlane small) {
        FloatPlane out = new FloatPlane(width, height);
        float[] o = out.data();
        for (int y = 0; y < height; y++) {
            double sy = (y + 0.5) * smallHeight / height - 0.5;
            for (int x = 0; x < width; x++) {
                o[y * width + x] = small.sample((x + 0.5) * smallWidth / width - 0.5, sy);
            }
        }
        return out;
    }

    /** Labels at the lower magnification back at full resolution: each pixel takes the label of the pixel it lies in. */
    public LabelImage enlarge(LabelImage small) {
        int[] out = new int[width * height];
        int[] sx = new int[width];
        for (int x = 0; x < width; x++) {
            sx[x] = Math.min(smallWidth - 1, (int) ((x + 0.5) * smallWidth / width));
        }
        for (int y = 0; y < height; y++) {
            int row = Math.min(smallHeight - 1, (int) ((y + 0.5) * smallHeight / height)) * smallWidth;
            for (int x = 0; x < width; x++) {
                out[y * width + x] = small.data()[row + sx[x]];
            }
        }
        return new LabelImage(width, height, out);
    }

    /** Which input pixels each output pixel covers along one side, weighted by the length they share. */
    private static final class AreaWeights {
        final int[] first;
        final int[] last;
        private final double ratio;

        AreaWeights(int in, int out) {
            ratio = (double) in / out;
            first = new int[out];
            last = new int[out];
            for (int i = 0; i < out; i++) {
                first[i] = (int) Math.floor(i * ratio);
                last[i] = Math.min(in - 1, (int) Math.ceil((i + 1) * ratio) - 1);
            }
        }

        /** Share of output pixel {@code i} that input pixel {@code k} covers. */
        double weight(int i, int k) {
            double lo = Math.max(k, i * ratio), hi = Math.min(k + 1, (i + 1) * ratio);
            return Math.max(0, hi - lo) / ratio;
        }
    }
}
