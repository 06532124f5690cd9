package org.sparsesam.command;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.ImageCanvas;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import ij.plugin.ScreenGrabber;
import ij.plugin.frame.RoiManager;
import ij.process.ImageConverter;
import java.awt.EventQueue;
import java.awt.event.KeyEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs inside a plain ImageJ JVM for {@link LiveModeIT} (class path: ij.jar and the test classes; the plugin
 * comes from the ImageJ folder's plugins/ as a user installs it), acting as a user would: it starts live mode,
 * sets multi-point selections one after another through ImageJ's API (a macro cannot set point counters),
 * presses Enter and Esc on the image canvas, closes the image, and writes what it saw as key=value lines.
 * Arguments: image, report file, screenshot file. Uses only ImageJ classes: ours live in the plugin class loader.
 */
public final class LiveModeDriver {
    /** test-images/nuclei-points.csv: five nuclei, then five background points. */
    static final double[][] FOREGROUND = {{137, 335}, {199, 36}, {322, 288}, {47, 107}, {58, 221}};
    static final double[][] BACKGROUND = {{174, 147}, {369, 205}, {262, 197}, {134, 281}, {36, 349}};

    private LiveModeDriver() {}

    public static void main(String[] args) throws Exception {
        List<String> out = new ArrayList<>();
        try {
            drive(args[0], Path.of(args[2]), out);
        } catch (Throwable t) {
            out.add("error=" + t);
        }
        Files.write(Path.of(args[1]), out);
        System.exit(0);
    }

    private static void drive(String image, Path shot, List<String> out) throws Exception {
        new ImageJ();
        ImagePlus imp = IJ.openImage(image);
        imp.show();
        for (int i = 0; i < 100 && (imp.getWindow() == null || !imp.getWindow().isShowing()); i++) {
            Thread.sleep(100);
        }
        RoiManager manager = RoiManager.getRoiManager();
        Roi user = new Roi(5, 5, 20, 20);
        user.setName("user rectangle");
        manager.addRoi(user);
        int roiListeners = Roi.getListeners().size();
        int keyListeners = imp.getCanvas().getKeyListeners().length;
        int mouseListeners = imp.getCanvas().getMouseListeners().length;

        IJ.run(imp, "Sparse SAM Live", "");
        out.add("started=" + await(imp));
        out.add("listenersWhileLive=" + (Roi.getListeners().size() - roiListeners) + "," + (imp.getCanvas().getKeyListeners().length - keyListeners));
        imp.setRoi(selection(1, 0));
        out.add("oneForeground=" + await(imp) + "," + liveOutlines(imp));
        out.add("oneForegroundPixels=" + livePixels(imp));
        imp.setRoi(selection(5, 0));
        out.add("fiveForeground=" + await(imp) + "," + liveOutlines(imp));
        out.add("fiveForegroundPixels=" + livePixels(imp));
        imp.deleteRoi();
        out.add("deleted=" + await(imp) + "," + liveOutlines(imp));
        long start = System.nanoTime();
        imp.setRoi(selection(5, 5));
        out.add("withBackground=" + await(imp) + "," + liveOutlines(imp));
        out.add("updateMillis=" + (System.nanoTime() - start) / 1_000_000); // reported, not asserted
        out.add("withBackgroundPixels=" + livePixels(imp));
        imp.updateAndDraw();
        Thread.sleep(1000);
        WindowManager.setTempCurrentImage(imp);
        ImagePlus capture = new ScreenGrabber().captureImage();
        new ImageConverter(capture).convertRGBtoIndexedColor(256);
        new FileSaver(capture).saveAsPng(shot.toString());

        press(imp, KeyEvent.VK_ENTER, '\n');
        out.add("afterEnter=" + await(imp));
        out.add("managerCount=" + manager.getCount());
        out.add("manager0=" + manager.getRoi(0).getName());
        out.add("manager1=" + manager.getRoi(1).getName());
        out.add("results=" + ResultsTable.getResultsTable().size());
        out.add("labelImage=" + (WindowManager.getImage("nuclei-labels") != null));
        out.add("overlayAfterCommit=" + outlines(imp, "SparseSAM-1-") + "," + liveOutlines(imp));
        out.add("listenersAfterCommit=" + (Roi.getListeners().size() - roiListeners) + "," + (imp.getCanvas().getKeyListeners().length - keyListeners)
                + "," + (imp.getCanvas().getMouseListeners().length - mouseListeners));

        // Esc: live outlines gone, the committed outlines and the ROI Manager as they were
        IJ.run(imp, "Sparse SAM Live", "");
        imp.setRoi(selection(2, 1));
        out.add("liveAgain=" + await(imp) + "," + liveOutlines(imp) + "," + outlines(imp, "SparseSAM-1-"));
        press(imp, KeyEvent.VK_ESCAPE, (char) 27);
        out.add("afterEsc=" + await(imp) + "," + liveOutlines(imp) + "," + outlines(imp, "SparseSAM-1-") + "," + manager.getCount());

        // the Cancel command
        IJ.run(imp, "Sparse SAM Live", "");
        imp.setRoi(selection(3, 0));
        out.add("liveThird=" + await(imp) + "," + liveOutlines(imp));
        IJ.run(imp, "Sparse SAM Live Cancel", "");
        out.add("afterCancelCommand=" + await(imp) + "," + liveOutlines(imp) + "," + outlines(imp, "SparseSAM-1-") + "," + manager.getCount());

        // method keys from a macro, read as Sparse SAM reads them
        IJ.run(imp, "Sparse SAM Live", "min_area=200");
        imp.setRoi(selection(5, 5));
        out.add("minArea200=" + await(imp));
        IJ.run(imp, "Sparse SAM Live Cancel", "");
        await(imp);
        out.add("listenersAtEnd=" + (Roi.getListeners().size() - roiListeners) + "," + (imp.getCanvas().getKeyListeners().length - keyListeners)
                + "," + (imp.getCanvas().getMouseListeners().length - mouseListeners));

        // closing the image ends live mode
        IJ.run(imp, "Sparse SAM Live", "");
        imp.setRoi(selection(1, 0));
        out.add("liveBeforeClose=" + await(imp));
        ImageCanvas canvas = imp.getCanvas();
        imp.changes = false;
        imp.close();
        for (int i = 0; i < 100 && Roi.getListeners().size() != roiListeners; i++) {
            Thread.sleep(50);
        }
        out.add("listenersAfterClose=" + (Roi.getListeners().size() - roiListeners) + "," + (canvas.getKeyListeners().length - keyListeners)
                + "," + (canvas.getMouseListeners().length - mouseListeners));
    }

    /** A multi-point selection as the tool makes it: counter 0 for structures, counter 1 for background. */
    static PointRoi selection(int foreground, int background) {
        PointRoi roi = new PointRoi(FOREGROUND[0][0], FOREGROUND[0][1]);
        for (int i = 1; i < foreground; i++) {
            roi.addPoint(FOREGROUND[i][0], FOREGROUND[i][1]);
        }
        roi.setCounter(1);
        for (int i = 0; i < background; i++) {
            roi.addPoint(BACKGROUND[i][0], BACKGROUND[i][1]);
        }
        return roi;
    }

    /** Live mode's own wait, as a macro calls it; "" once the image is no longer live. */
    private static String await(ImagePlus imp) {
        String r = IJ.runMacro("return call(\"org.sparsesam.command.LiveSegmentationPlugin.awaitUpdate\", \"" + imp.getID() + "\", \"240\");");
        return r == null ? "null" : r;
    }

    private static void press(ImagePlus imp, int key, char c) throws Exception {
        ImageCanvas canvas = imp.getCanvas();
        EventQueue.invokeAndWait(() -> canvas.dispatchEvent(new KeyEvent(canvas, KeyEvent.KEY_PRESSED, System.currentTimeMillis(), 0, key, c)));
    }

    private static int liveOutlines(ImagePlus imp) {
        return outlines(imp, "SparseSAM-live-");
    }

    /** Pixels inside the live outlines: tells two results with the same count apart. */
    private static int livePixels(ImagePlus imp) {
        Overlay overlay = imp.getOverlay();
        int n = 0;
        for (int i = 0; overlay != null && i < overlay.size(); i++) {
            String name = overlay.get(i).getName();
            n += name != null && name.startsWith("SparseSAM-live-") ? overlay.get(i).getContainedPoints().length : 0;
        }
        return n;
    }

    private static int outlines(ImagePlus imp, String prefix) {
        Overlay overlay = imp.getOverlay();
        int n = 0;
        for (int i = 0; overlay != null && i < overlay.size(); i++) {
            String name = overlay.get(i).getName();
            n += name != null && name.startsWith(prefix) ? 1 : 0;
        }
        return n;
    }
}
