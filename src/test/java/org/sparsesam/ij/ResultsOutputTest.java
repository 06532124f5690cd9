package org.sparsesam.ij;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.measure.ResultsTable;
import ij.process.ColorProcessor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.instance.InstanceInfo;
import org.sparsesam.core.instance.LabelImage;

class ResultsOutputTest {

    private static ImagePlus calibratedInput() {
        ImagePlus imp = new ImagePlus("slide.png", new ColorProcessor(6, 4));
        Calibration cal = imp.getCalibration();
        cal.pixelWidth = 0.5;
        cal.pixelHeight = 0.25;
        cal.setUnit("mm");
        return imp;
    }

    @Test
    void tableIsCalibratedAndMeasuresLikeImageJ() {
        ImagePlus input = calibratedInput();
        List<InstanceInfo> instances = List.of(new InstanceInfo(1, 8, 2.0, 1.0, 0.75), new InstanceInfo(12, 1, 5.0, 3.0, 0.5));
        ResultsTable table = ResultsOutput.table(instances, "3", 12, input.getCalibration());
        assertEquals(2, table.size());
        assertEquals(12, table.getValue("Label", 1));
        assertEquals("SparseSAM-3-0012", table.getStringValue("Name", 1));
        assertEquals(8 * 0.5 * 0.25, table.getValue("Area", 0), 1e-12);
        // pixel x=2 spans [2, 3) in ImageJ's measurements: centre 2.5 pixels = 1.25 mm
        assertEquals(1.25, table.getValue("X", 0), 1e-12);
        assertEquals(0.375, table.getValue("Y", 0), 1e-12);
        assertEquals(0.75, table.getValue("Mean similarity", 0), 1e-12);
    }

    @Test
    void tableCentroidAgreesWithImageJMeasureOnTheSameRoi() {
        ImagePlus input = calibratedInput();
        LabelImage labels = new LabelImage(6, 4, new int[] {
            0, 1, 1, 0, 0, 0,
            0, 1, 1, 1, 0, 0,
            0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0});
        Roi roi = RoiConversion.labelsToRois(labels, "m").get(0);
        input.setRoi(roi);
        ij.process.ImageStatistics stats = input.getStatistics(ij.measure.Measurements.AREA | ij.measure.Measurements.CENTROID);
        ResultsTable table = ResultsOutput.table(List.of(new InstanceInfo(1, 5, 1.8, 0.6, 1)), "m", 1, input.getCalibration());
        assertEquals(stats.area, table.getValue("Area", 0), 1e-9);
        assertEquals(stats.xCentroid, table.getValue("X", 0), 1e-9);
        assertEquals(stats.yCentroid, table.getValue("Y", 0), 1e-9);
    }

    @Test
    void outputImagesKeepTheInputCalibration() {
        ImagePlus input = calibratedInput();
        LabelImage labels = new LabelImage(6, 4);
        labels.data()[7] = 300;
        ImagePlus labelImage = ResultsOutput.labelImage(labels, input);
        ImagePlus mask = ResultsOutput.mask(labels, input);
        for (ImagePlus out : List.of(labelImage, mask)) {
            assertEquals(0.5, out.getCalibration().pixelWidth);
            assertEquals(0.25, out.getCalibration().pixelHeight);
            assertEquals("mm", out.getCalibration().getUnit());
        }
        assertEquals(16, labelImage.getBitDepth());
        assertEquals(300, labelImage.getProcessor().get(7));
        assertEquals(255, mask.getProcessor().get(7));
        assertEquals("slide-labels", labelImage.getTitle());
        // the copy is independent: changing the output does not recalibrate the input
        labelImage.getCalibration().pixelWidth = 9;
        assertEquals(0.5, input.getCalibration().pixelWidth);
    }

    @Test
    void outlinesReplaceEarlierRunsOnlyAndLeavePixelsAlone() {
        ImagePlus input = calibratedInput();
        int[] before = ((int[]) input.getProcessor().getPixels()).clone();
        Overlay userOverlay = new Overlay();
        Roi userRoi = new Roi(0, 0, 2, 2);
        userRoi.setName("my annotation");
        userOverlay.add(userRoi);
        input.setOverlay(userOverlay);
        LabelImage labels = new LabelImage(6, 4);
        labels.data()[0] = 1;
        labels.data()[5] = 2;

        ResultsOutput.showOutlines(input, RoiConversion.labelsToRois(labels, "1"));
        ResultsOutput.showOutlines(input, RoiConversion.labelsToRois(labels, "2"));

        Overlay overlay = input.getOverlay();
        assertEquals(3, overlay.size());
        assertSame(userRoi, overlay.get(0));
        assertEquals("SparseSAM-2-0001", overlay.get(1).getName());
        assertEquals(ResultsOutput.OUTLINE_COLOR, overlay.get(1).getStrokeColor());
        assertArrayEquals(before, (int[]) input.getProcessor().getPixels());
    }

    @Test
    void outlinesAreClonesSoTheManagerCopiesStayUnstyled() {
        ImagePlus input = calibratedInput();
        LabelImage labels = new LabelImage(6, 4);
        labels.data()[0] = 1;
        List<Roi> rois = RoiConversion.labelsToRois(labels, "1");
        ResultsOutput.showOutlines(input, rois);
        assertNull(rois.get(0).getStrokeColor());
    }

    @Test
    void runNumbersFollowTheHighestEarlierRun() {
        Roi user = new Roi(0, 0, 1, 1);
        user.setName("SparseSAM-notanumber-0001");
        Roi run2 = new Roi(0, 0, 1, 1);
        run2.setName("SparseSAM-2-0017");
        Roi unnamed = new Roi(0, 0, 1, 1);
        assertEquals(1, RoiManagers.nextRunNumber(new Roi[] {user, unnamed}));
        assertEquals(3, RoiManagers.nextRunNumber(new Roi[] {run2, user, unnamed}));
    }
}
