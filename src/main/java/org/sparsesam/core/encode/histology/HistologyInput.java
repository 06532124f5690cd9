package org.sparsesam.core.encode.histology;

import org.sparsesam.core.Progress;
import org.sparsesam.core.image.RasterImage;

/**
 * The network's input for a region of an image: planar RGB in 0..1, the image padded on its right and bottom by
 * reflection (no edge repeat, as numpy's and PyTorch's "reflect") to a multiple of the network's size multiple,
 * so that padding looks like tissue rather than a black border. Grey images give their one channel to all three
 * colours; values within 0..1 (32-bit images so scaled) are taken as they are, 8-bit values (0..255) divided by
 * 255, other ranges (16- or 32-bit images) stretched from the image's min..max, computed once per image so that
 * every tile maps values alike.
 */
final class HistologyInput {
    private final RasterImage image;
    private final float offset;
    private final float scale;

    private HistologyInput(RasterImage image, float offset, float scale) {
        this.image = image;
        this.offset = offset;
        this.scale = scale;
    }

    static HistologyInput of(RasterImage image, Progress progress) {
        if (!image.isRgb()) {
            progress.note("Grey image: its values are used for all three colour channels, as the histology encoder takes RGB.");
        }
        float[] range = image.valueRange();
        float min = range[0], max = range[1];
        if (min >= 0 && max <= 1 && max > 0) {
            // 32-bit images scaled to 0..1 (ImageJ's "32-bit" of an 8-bit image divided by 255, or a float TIFF)
            return new HistologyInput(image, 0f, 1f);
        }
        if (min >= 0 && max <= 255) {
            return new HistologyInput(image, 0f, 1f / 255f);
        }
        progress.note("Image values span " + min + ".." + max + ": stretched to 0..1 for the histology encoder.");
        return new HistologyInput(image, min, max > min ? 1f / (max - min) : 0f);
    }

    /** Pixel index along a side of {@code length} for a coordinate at or past its end, mirrored without repeating the edge. */
    static int reflect(int x, int length) {
        if (length == 1) {
            return 0;
        }
        int period = 2 * (length - 1);
        int m = Math.floorMod(x, period);
        return m < length ? m : period - m;
    }

    /** The [3, h, w] tensor (row-major, channel planes) of the padded image's region at (x0, y0). */
    float[] tensor(int x0, int y0, int w, int h) {
        int width = image.width();
        int[] sourceX = new int[w];
        for (int x = 0; x < w; x++) {
            sourceX[x] = reflect(x0 + x, width);
        }
        float[] out = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            float[] plane = image.channel(image.isRgb() ? c : 0).data();
            for (int y = 0; y < h; y++) {
                int row = reflect(y0 + y, image.height()) * width;
                int at = (c * h + y) * w;
                for (int x = 0; x < w; x++) {
                    out[at + x] = (plane[row + sourceX[x]] - offset) * scale;
                }
            }
        }
        return out;
    }
}
