package org.sparsesam.ij;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.measure.ResultsTable;
import ij.plugin.filter.Analyzer;
import java.awt.Color;
import java.util.List;
import org.sparsesam.core.instance.InstanceInfo;
import org.sparsesam.core.instance.LabelImage;

/** The ImageJ forms of a segmentation: table, label image, mask, outlines. Never touches the input's pixels. */
public final class ResultsOutput {
    /** ImageJ's own table, the one a macro's nResults and getResult read. */
    public static final String TABLE_TITLE = "Results";
    public static final Color OUTLINE_COLOR = Color.YELLOW;

    private ResultsOutput() {}

    /**
     * One row per object. Area and centroid are in calibrated units when the image is calibrated; the centroid
     * is moved by half a pixel because ImageJ measures with pixel centres at +0.5, the core at integers, and a
     * table that disagrees with Analyze > Measure on the same ROI would be a trap.
     */
    public static ResultsTable table(List<InstanceInfo> instances, String run, int maxLabel, Calibration cal) {
        ResultsTable table = new ResultsTable();
        int digits = Math.max(4, Integer.toString(maxLabel).length());
        double pixelArea = cal.pixelWidth * cal.pixelHeight;
        for (InstanceInfo info : instances) {
            table.incrementCounter();
            table.addValue("Label", info.label());
            table.addValue("Name", RoiConversion.roiName(run, info.label(), digits));
            table.addValue("Area", info.area() * pixelArea);
            table.addValue("X", cal.getX(info.centroidX() + 0.5));
            table.addValue("Y", cal.getY(info.centroidY() + 0.5));
            table.addValue("Mean similarity", info.meanProbability());
        }
        return table;
    }

    /**
     * Makes {@code table} ImageJ's Results table, as Analyze Particles does with "display" and "clear", and shows it.
     * Set before showing: without a Results window (a {@code -batch} macro) show() alone would not make it the
     * table that {@code nResults} reads.
     */
    public static void showAsResults(ResultsTable table) {
        Analyzer.setResultsTable(table);
        table.show(TABLE_TITLE);
    }

    /** 16-bit labels with the input's calibration, so measurements on it match the input. */
    public static ImagePlus labelImage(LabelImage labels, ImagePlus input) {
        ImagePlus imp = ImageConversion.labelsToImage(labels, input.getShortTitle() + "-labels");
        imp.setCalibration(input.getCalibration().copy());
        return imp;
    }

    public static ImagePlus mask(LabelImage labels, ImagePlus input) {
        ImagePlus imp = ImageConversion.maskToImage(labels, input.getShortTitle() + "-mask");
        imp.setCalibration(input.getCalibration().copy());
        return imp;
    }

    /**
     * Shows the outlines as an overlay on the input. Outlines of an earlier Sparse SAM run are replaced, so that
     * re-running after another click does not pile them up; anything else in the overlay stays.
     */
    public static void showOutlines(ImagePlus input, List<Roi> rois) {
        Overlay overlay = input.getOverlay() == null ? new Overlay() : input.getOverlay();
        for (int i = overlay.size() - 1; i >= 0; i--) {
            String name = overlay.get(i).getName();
            if (name != null && name.startsWith(RoiConversion.NAME_PREFIX)) {
                overlay.remove(i);
            }
        }
        int position = input.getStackSize() > 1 ? input.getCurrentSlice() : 0;
        for (Roi roi : rois) {
            Roi outline = (Roi) roi.clone();
            outline.setStrokeColor(OUTLINE_COLOR);
            outline.setPosition(position);
            overlay.add(outline);
        }
        input.setOverlay(overlay);
    }

    /** ROIs of a stack belong to the slice that was segmented. */
    public static void placeOnSlice(List<Roi> rois, ImagePlus input) {
        if (input.getStackSize() > 1) {
            for (Roi roi : rois) {
                roi.setPosition(input.getCurrentSlice());
            }
        }
    }
}
