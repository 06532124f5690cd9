package org.sparsesam.ij;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.LabelImage;

/** Converts between ImageJ images and the core's types. Never writes to the ImagePlus it is given. */
public final class ImageConversion {
    private ImageConversion() {}

    /** The current slice of {@code imp} as RGB (colour images) or grey (8/16/32-bit). */
    public static RasterImage toRaster(ImagePlus imp) {
        if (imp.getType() == ImagePlus.COLOR_256) {
            // "8-bit Color": the LUT holds the colours; convertToRGB makes a new processor, the image stays as it is
            return toRaster(imp.getProcessor().convertToRGB());
        }
        return toRaster(imp.getProcessor());
    }

    public static RasterImage toRaster(ImageProcessor ip) {
        int w = ip.getWidth(), h = ip.getHeight();
        if (ip instanceof ColorProcessor cp) {
            return RasterImage.fromPackedRgb(w, h, (int[]) cp.getPixels());
        }
        float[] data = new float[w * h];
        for (int i = 0; i < data.length; i++) {
            float v = ip.getf(i);
            if (!Float.isFinite(v)) {
                throw new SparseSamException("The image holds NaN or infinite values (first at x=" + (i % w) + ", y=" + (i / w)
                        + "): replace them (Process > Math > Remove NaNs) and run again.");
            }
            data[i] = v;
        }
        return RasterImage.grey(new FloatPlane(w, h, data));
    }

    /** Reads a ground-truth or label image: any non-zero value is an object; values are kept as labels. */
    public static LabelImage toLabels(ImagePlus imp) {
        ImageProcessor ip = imp.getProcessor();
        if (ip instanceof ColorProcessor) {
            throw new SparseSamException("The mask '" + imp.getTitle() + "' is an RGB image: save masks as 8- or 16-bit label or binary images.");
        }
        int w = ip.getWidth(), h = ip.getHeight();
        int[] labels = new int[w * h];
        for (int i = 0; i < labels.length; i++) {
            float v = ip.getf(i);
            if (!(v >= 0) || v != Math.rint(v)) {
                throw new SparseSamException("The mask '" + imp.getTitle() + "' holds the value " + v
                        + ", which is not a label: masks hold 0 for background and whole numbers for objects.");
            }
            labels[i] = (int) v;
        }
        return new LabelImage(w, h, labels);
    }

    /** A 16-bit label image; refuses more than 65535 objects instead of wrapping labels. */
    public static ImagePlus labelsToImage(LabelImage labels, String title) {
        int max = labels.maxLabel();
        if (max > 65535) {
            throw new SparseSamException(max + " objects do not fit a 16-bit label image: split the image into regions, or raise min_area.");
        }
        short[] px = new short[labels.data().length];
        int[] src = labels.data();
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) src[i];
        }
        ImagePlus imp = new ImagePlus(title, new ShortProcessor(labels.width(), labels.height(), px, null));
        imp.setDisplayRange(0, Math.max(1, max));
        return imp;
    }

    /** An 8-bit binary mask, 255 for any object, ImageJ's convention (black background, no inverted LUT). */
    public static ImagePlus maskToImage(LabelImage labels, String title) {
        byte[] px = new byte[labels.data().length];
        int[] src = labels.data();
        for (int i = 0; i < px.length; i++) {
            px[i] = src[i] != 0 ? (byte) 255 : 0;
        }
        return new ImagePlus(title, new ij.process.ByteProcessor(labels.width(), labels.height(), px));
    }

    /** A float image of a plane (for similarity / probability maps). */
    public static ImagePlus planeToImage(FloatPlane plane, String title) {
        return new ImagePlus(title, new ij.process.FloatProcessor(plane.width(), plane.height(), plane.data().clone()));
    }
}
