package org.sparsesam.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.process.ColorProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.prompt.Point;

class PointSourcesTest {
    private static final Roi[] NO_MANAGER = new Roi[0];

    @TempDir
    Path dir;

    private static ImagePlus image() {
        return new ImagePlus("tissue", new ColorProcessor(100, 80));
    }

    /** A multi-point selection as the tool makes it: each point takes the counter active when it was clicked. */
    private static PointRoi selection(double[][] xyCounter) {
        PointRoi roi = new PointRoi(xyCounter[0][0], xyCounter[0][1]);
        roi.setCounters(new int[] {(int) xyCounter[0][2]});
        for (int i = 1; i < xyCounter.length; i++) {
            roi.setCounter((int) xyCounter[i][2]);
            roi.addPoint(xyCounter[i][0], xyCounter[i][1]);
        }
        return roi;
    }

    private static PointRoi named(String name, double x, double y) {
        PointRoi roi = new PointRoi(x, y);
        roi.setName(name);
        return roi;
    }

    private Path csv(String text) throws IOException {
        Path file = dir.resolve("clicks.csv");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void selectionCountersGiveForegroundAndBackground() {
        ImagePlus imp = image();
        imp.setRoi(selection(new double[][] {{10, 20, 0}, {30.7, 40.2, 1}, {50, 60, 0}}));
        PointSources.Clicks clicks = PointSources.collect(imp, NO_MANAGER, null);
        assertEquals(List.of(Point.fg(10, 20), Point.bg(30, 40), Point.fg(50, 60)), clicks.points());
        assertEquals("the multi-point selection", clicks.source());
    }

    @Test
    void selectionWinsOverManager() {
        ImagePlus imp = image();
        imp.setRoi(selection(new double[][] {{1, 2, 0}}));
        Roi[] manager = {named("fg-a", 5, 5)};
        assertEquals(List.of(Point.fg(1, 2)), PointSources.collect(imp, manager, null).points());
    }

    @Test
    void fileWinsOverSelectionAndManager() throws IOException {
        ImagePlus imp = image();
        imp.setRoi(selection(new double[][] {{1, 2, 0}}));
        Roi[] manager = {named("fg-a", 5, 5)};
        PointSources.Clicks clicks = PointSources.collect(imp, manager, csv("x,y,label\n12.5,7,fg\n3,4,bg\n"));
        assertEquals(List.of(Point.fg(12.5, 7), Point.bg(3, 4)), clicks.points());
        assertTrue(clicks.source().contains("clicks.csv"));
    }

    @Test
    void managerPointRoisAreReadByNameIgnoringOthers() {
        PointRoi twoBackground = named("BG tissue", 7, 8);
        twoBackground.addPoint(9, 10);
        Roi[] manager = {
            new Roi(0, 0, 10, 10),            // a region of the user's, not a click
            named("FG nucleus", 20, 21),
            twoBackground,
            named("other", 30, 30),           // a point but neither fg nor bg
        };
        manager[0].setName("fg area");
        List<Point> points = PointSources.collect(image(), manager, null).points();
        assertEquals(List.of(Point.fg(20, 21), Point.bg(7, 8), Point.bg(9, 10)), points);
    }

    @Test
    void noPointsAnywhereSaysHowToGiveThem() {
        SparseSamException e = assertThrows(SparseSamException.class, () -> PointSources.collect(image(), NO_MANAGER, null));
        assertTrue(e.getMessage().startsWith("No points given"), e.getMessage());
        assertTrue(e.getMessage().contains("multi-point tool"), e.getMessage());
    }

    @Test
    void emptyFileNamesTheFile() throws IOException {
        SparseSamException e = assertThrows(SparseSamException.class, () -> PointSources.collect(image(), NO_MANAGER, csv("x,y,label\n")));
        assertTrue(e.getMessage().contains("No points in the points file clicks.csv"), e.getMessage());
    }

    @Test
    void onlyBackgroundPointsAreRefused() {
        ImagePlus imp = image();
        imp.setRoi(selection(new double[][] {{1, 2, 1}, {3, 4, 1}}));
        SparseSamException e = assertThrows(SparseSamException.class, () -> PointSources.collect(imp, NO_MANAGER, null));
        assertTrue(e.getMessage().startsWith("Only background points in the multi-point selection"), e.getMessage());
    }

    @Test
    void pointOutsideTheImageIsNamedWithTheImageSize() throws IOException {
        SparseSamException e = assertThrows(SparseSamException.class,
                () -> PointSources.collect(image(), NO_MANAGER, csv("10,10,fg\n120,40,bg\n")));
        assertEquals("The point 2 of clicks.csv (x=120, y=40) lies outside the 100x80 image 'tissue': "
                + "points are pixel coordinates of this image; check they belong to it.", e.getMessage());
    }

    @Test
    void managerPointOutsideTheImageIsNamedByItsRoi() {
        Roi[] manager = {named("fg-far", 10, 95)};
        SparseSamException e = assertThrows(SparseSamException.class, () -> PointSources.collect(image(), manager, null));
        assertTrue(e.getMessage().startsWith("The point ROI 'fg-far' in the ROI Manager (x=10, y=95) lies outside the 100x80 image"), e.getMessage());
    }

    @Test
    void aThirdCounterIsRefused() {
        ImagePlus imp = image();
        imp.setRoi(selection(new double[][] {{1, 2, 0}, {3, 4, 2}}));
        SparseSamException e = assertThrows(SparseSamException.class, () -> PointSources.collect(imp, NO_MANAGER, null));
        assertTrue(e.getMessage().startsWith("The point 2 of the multi-point selection uses counter 2"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nope.csv");
        SparseSamException e = assertThrows(SparseSamException.class, () -> PointSources.collect(image(), NO_MANAGER, missing));
        assertTrue(e.getMessage().contains("nope.csv does not exist"), e.getMessage());
    }
}
