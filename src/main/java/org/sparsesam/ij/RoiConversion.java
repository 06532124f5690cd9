package org.sparsesam.ij;

import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import org.sparsesam.core.instance.LabelImage;

/**
 * Label images to ImageJ ROIs and back. Outlines come from ImageJ's own {@link ThresholdToSelection}, so
 * holes, diagonal touches and single pixels are traced the way ImageJ traces them, and filling a ROI's mask
 * gives back exactly the pixels it came from.
 */
public final class RoiConversion {
    /** Prefix of every ROI name this plugin makes; outputs recognise their own ROIs by it. */
    public static final String NAME_PREFIX = "SparseSAM-";

    private RoiConversion() {}

    /**
     * One ROI per label present, in label order, named {@code SparseSAM-<run>-0001} with the label
     * zero-padded to at least four digits so that names sort like labels.
     */
    public static List<Roi> labelsToRois(LabelImage labels, String run) {
        int max = labels.maxLabel();
        int[] bounds = boundingBoxes(labels, max);
        int digits = Math.max(4, Integer.toString(max).length());
        List<Roi> rois = new ArrayList<>();
        for (int label = 1; label <= max; label++) {
            if (bounds[4 * label] == Integer.MAX_VALUE) {
                continue;
            }
            Roi roi = outline(labels, label, bounds, 4 * label);
            roi.setName(roiName(run, label, digits));
            rois.add(roi);
        }
        return rois;
    }

    public static String roiName(String run, int label, int digits) {
        return NAME_PREFIX + run + "-" + String.format("%0" + digits + "d", label);
    }

    /**
     * Fills each ROI's mask with its 1-based position in {@code rois}; where ROIs overlap the later one wins.
     * Parts outside the image are dropped.
     */
    public static LabelImage roisToLabels(List<? extends Roi> rois, int width, int height) {
        LabelImage out = new LabelImage(width, height);
        int[] data = out.data();
        for (int i = 0; i < rois.size(); i++) {
            Roi roi = rois.get(i);
            Rectangle r = roi.getBounds();
            ImageProcessor mask = roi.getMask();
            for (int y = Math.max(0, r.y); y < Math.min(height, r.y + r.height); y++) {
                for (int x = Math.max(0, r.x); x < Math.min(width, r.x + r.width); x++) {
                    // a rectangle has no mask: every pixel of its bounds is inside
                    if (mask == null || mask.get(x - r.x, y - r.y) != 0) {
                        data[y * width + x] = i + 1;
                    }
                }
            }
        }
        return out;
    }

    /** minX, minY, maxX, maxY of every label, in one pass, so that each outline only visits its own box. */
    private static int[] boundingBoxes(LabelImage labels, int max) {
        int[] b = new int[4 * (max + 1)];
        for (int l = 0; l <= max; l++) {
            b[4 * l] = Integer.MAX_VALUE;
            b[4 * l + 1] = Integer.MAX_VALUE;
            b[4 * l + 2] = -1;
            b[4 * l + 3] = -1;
        }
        int w = labels.width();
        int[] data = labels.data();
        for (int i = 0; i < data.length; i++) {
            int l = data[i];
            if (l <= 0) {
                continue;
            }
            int x = i % w, y = i / w, k = 4 * l;
            b[k] = Math.min(b[k], x);
            b[k + 1] = Math.min(b[k + 1], y);
            b[k + 2] = Math.max(b[k + 2], x);
            b[k + 3] = Math.max(b[k + 3], y);
        }
        return b;
    }

    private static Roi outline(LabelImage labels, int label, int[] b, int k) {
        int x0 = b[k], y0 = b[k + 1], cw = b[k + 2] - x0 + 1, ch = b[k + 3] - y0 + 1;
        ByteProcessor crop = new ByteProcessor(cw, ch);
        byte[] px = (byte[]) crop.getPixels();
        int w = labels.width();
        int[] data = labels.data();
        for (int y = 0; y < ch; y++) {
            int row = (y0 + y) * w + x0;
            for (int x = 0; x < cw; x++) {
                if (data[row + x] == label) {
                    px[y * cw + x] = (byte) 255;
                }
            }
        }
        crop.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
        Roi roi = new ThresholdToSelection().convert(crop);
        Rectangle r = roi.getBounds();
        roi.setLocation(r.x + x0, r.y + y0);
        return roi;
    }
}
