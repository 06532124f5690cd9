package org.sparsesam.command;

import ij.IJ;
import ij.ImageListener;
import ij.ImagePlus;
import ij.gui.ImageCanvas;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.gui.RoiListener;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.awt.event.KeyListener;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.MemoryEstimate;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.EncoderFactory;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.ij.ImageConversion;
import org.sparsesam.ij.ImageJProgress;
import org.sparsesam.ij.PointSources;
import org.sparsesam.ij.ResultsOutput;
import org.sparsesam.ij.RoiConversion;

/**
 * Live mode on one image window: the image is encoded once in the background, then every change of its
 * multi-point selection is segmented again with that embedding and shown as outlines in the overlay. Point
 * changes coalesce ({@link LatestOnlyWorker}): one segmentation at a time, always of the newest points. Enter
 * commits the newest result as the one-shot command shows one; Esc puts the overlay back as it was.
 * <p>
 * The session is kept as a property of its image, not in a static field, so that the Commit and Cancel
 * commands (new plugin objects) find it, and it goes away with the image.
 */
final class LiveSession {
    private static final String PROPERTY = "org.sparsesam.live";
    /** The run part of the outline names: {@code SparseSAM-live-0001} never counts as a run of the ROI Manager. */
    private static final String RUN = "live";
    private static final OutputFields.Outputs ALL_OUTPUTS = new OutputFields.Outputs(true, true, false, true, true, false);
    private static final String KEYS = " (Enter keeps them, Esc stops)";

    /** The points of the selection, or why they cannot be used. */
    private record Clicks(List<Point> points, String problem) {}

    private record Shown(List<Point> points, SegmentResult result) {}

    private final ImagePlus image;
    private final ImageCanvas canvas;
    /** A copy of the overlay before live mode, put back when it ends. */
    private final Overlay before;
    private final SegmentOptions options;
    private final CancelToken cancel = new CancelToken();
    private final LatestOnlyWorker<Clicks> worker;
    private final RoiListener roiListener = this::roiModified;
    private final KeyListener keyListener = new KeyAdapter() {
        @Override
        public void keyPressed(KeyEvent e) {
            if (e.getKeyCode() == KeyEvent.VK_ENTER) {
                e.consume(); // ImageJ's own handler would bring its main window to the front
                commit();
            } else if (e.getKeyCode() == KeyEvent.VK_ESCAPE) {
                e.consume(); // ImageJ's would flag an abort for whatever runs next
                cancel();
            }
        }
    };
    /** A point added by a click reuses the selection's PointRoi, which notifies its listeners only once: watch the mouse too. */
    private final MouseAdapter mouseListener = new MouseAdapter() {
        @Override
        public void mouseReleased(MouseEvent e) {
            offerCurrent(false);
        }
    };
    private final ImageListener imageListener = new ImageListener() {
        @Override
        public void imageOpened(ImagePlus imp) {}

        @Override
        public void imageUpdated(ImagePlus imp) {}

        @Override
        public void imageClosed(ImagePlus imp) {
            if (imp == image) {
                stop(false);
            }
        }
    };

    private Clicks lastOffered; // guarded by this
    private boolean detached; // guarded by this
    // worker thread only
    private SparseSam sam;
    private RasterImage raster;
    private volatile Shown shown;
    private volatile boolean failed;

    private LiveSession(ImagePlus image, SegmentOptions options) {
        this.image = image;
        this.options = options;
        this.canvas = image.getCanvas();
        this.before = image.getOverlay() == null ? null : image.getOverlay().duplicate();
        this.worker = new LatestOnlyWorker<>("Sparse SAM Live", this::segment);
    }

    /** The live session of {@code image}, or null. */
    static LiveSession of(ImagePlus image) {
        return image != null && image.getProperty(PROPERTY) instanceof LiveSession s && s.image == image ? s : null;
    }

    /** Starts live mode on {@code image} (in a window) with these method options; when it is live already, nothing changes. */
    static LiveSession start(ImagePlus image, SegmentOptions options) {
        if (image.getWindow() == null || image.getCanvas() == null) {
            throw new SparseSamException("Live mode needs the image in a window: show '" + image.getTitle()
                    + "' (in a macro, leave batch mode), or segment it with run(\"Sparse SAM\", ...).");
        }
        LiveSession existing = of(image);
        if (existing != null) {
            IJ.showStatus("Sparse SAM Live is already on for '" + image.getTitle() + "'" + KEYS);
            return existing;
        }
        LiveSession session = new LiveSession(image, options);
        image.setProperty(PROPERTY, session);
        session.attach();
        session.worker.then(session::encode);
        session.offerCurrent(false);
        return session;
    }

    /** Keeps the newest result as the one-shot command would; returns when queued (use the future to wait). */
    Future<?> commit() {
        offerCurrent(false);
        if (!detach()) {
            return null;
        }
        return worker.then(() -> {
            try {
                Shown last = shown;
                restoreOverlay();
                if (!failed && last != null && !last.points().isEmpty()) {
                    PluginOutputs.show(image, last.result(), ALL_OUTPUTS);
                    IJ.showStatus("Sparse SAM Live: kept " + last.result().count() + " objects");
                } else {
                    IJ.showStatus("Sparse SAM Live: stopped, nothing to keep (no objects)");
                }
            } catch (SparseSamException e) {
                PluginOutputs.reportError(e.getMessage());
            } finally {
                finish();
            }
        });
    }

    /** Stops live mode and takes its outlines off the image. */
    Future<?> cancel() {
        return stop(true);
    }

    /** Waits until the points seen so far are shown; false on a timeout. */
    boolean awaitIdle(long millis) throws InterruptedException {
        return worker.awaitIdle(millis);
    }

    ImagePlus image() {
        return image;
    }

    /** How many objects the overlay shows now. */
    int shownCount() {
        Shown s = shown;
        return s == null ? 0 : s.result().count();
    }

    private Future<?> stop(boolean restore) {
        if (!detach()) {
            return null;
        }
        cancel.cancel();
        return worker.then(() -> {
            try {
                if (restore) {
                    restoreOverlay();
                    IJ.showStatus("Sparse SAM Live: stopped");
                }
            } finally {
                finish();
            }
        });
    }

    private void attach() {
        Roi.addRoiListener(roiListener);
        ImagePlus.addImageListener(imageListener);
        canvas.addMouseListener(mouseListener);
        // First in line, so that consuming Enter and Esc keeps them from ImageJ's own key handler.
        KeyListener[] others = canvas.getKeyListeners();
        for (KeyListener other : others) {
            canvas.removeKeyListener(other);
        }
        canvas.addKeyListener(keyListener);
        for (KeyListener other : others) {
            canvas.addKeyListener(other);
        }
    }

    /** Removes every listener; false when that was done already. */
    private boolean detach() {
        // The flag under our lock, the listeners outside it: ImageJ calls roiModified holding its listener list's lock.
        synchronized (this) {
            if (detached) {
                return false;
            }
            detached = true;
        }
        Roi.removeRoiListener(roiListener);
        ImagePlus.removeImageListener(imageListener);
        canvas.removeMouseListener(mouseListener);
        canvas.removeKeyListener(keyListener);
        return true;
    }

    private void roiModified(ImagePlus imp, int id) {
        if (imp == image) {
            // ImageJ notifies DELETED while the selection is still set
            offerCurrent(id == RoiListener.DELETED);
        }
    }

    private synchronized void offerCurrent(boolean deleted) {
        if (detached) {
            return;
        }
        Clicks clicks = read(deleted);
        if (!clicks.equals(lastOffered)) {
            lastOffered = clicks;
            worker.offer(clicks);
        }
    }

    private Clicks read(boolean deleted) {
        if (deleted || !(image.getRoi() instanceof PointRoi)) {
            return new Clicks(List.of(), null);
        }
        try {
            // Only the selection: the ROI Manager's fg/bg points and points files are for the one-shot command.
            return new Clicks(PointSources.collect(image, new Roi[0], null).points(), null);
        } catch (SparseSamException e) {
            return new Clicks(List.of(), e.getMessage());
        }
    }

    /** The slow step, once: the shared cache keeps the embedding for the one-shot command and later sessions. */
    private void encode() {
        try {
            ImageJProgress progress = new ImageJProgress();
            sam = new SparseSam(options, EncoderFactory.create(options, FijiModelFolder.store(), progress), SharedEmbeddings.cache());
            raster = ImageConversion.toRaster(image);
            progress.report("encoding '" + image.getTitle() + "' for live mode", 0.0);
            // The similarity mode's encode step is exactly features(): segment() finds it cached. The decoder modes need
            // SAM's own embedding, which their first segmentation makes.
            if (!options.usesDecoder()) {
                sam.features(raster, progress, cancel);
            }
            IJ.showStatus("Sparse SAM Live: ready, click structures with the multi-point tool" + KEYS);
        } catch (CancelToken.CancelledException e) {
            failed = true;
        } catch (SparseSamException e) {
            fail(e.getMessage());
        } catch (OutOfMemoryError e) {
            fail("ran out of memory: " + MemoryEstimate.RAISE_HEAP);
        } finally {
            IJ.showProgress(1.0);
        }
    }

    private void fail(String message) {
        failed = true;
        stop(true);
        PluginOutputs.reportError(message);
    }

    /** One re-segmentation, on the worker thread. */
    private void segment(Clicks clicks) {
        if (failed || cancel.isCancelled()) {
            return;
        }
        if (clicks.points().isEmpty()) {
            showOutlines(null, List.of());
            IJ.showStatus("Sparse SAM Live: " + (clicks.problem() != null ? clicks.problem()
                    : "click structures with the multi-point tool (counter 0 = structure, 1 = background)" + KEYS));
            return;
        }
        try {
            long start = System.nanoTime();
            SegmentResult result = sam.segment(raster, clicks.points(), Progress.NONE, cancel);
            List<Roi> outlines = RoiConversion.labelsToRois(result.labels(), RUN);
            if (cancel.isCancelled()) {
                return;
            }
            showOutlines(new Shown(clicks.points(), result), outlines);
            IJ.showStatus(String.format(java.util.Locale.ROOT, "Sparse SAM Live: %d objects in %.1f s%s", result.count(),
                    (System.nanoTime() - start) / 1e9, KEYS));
        } catch (CancelToken.CancelledException e) {
            // stopping: the cleanup task after this one restores the overlay
        } catch (SparseSamException e) {
            showOutlines(null, List.of());
            IJ.showStatus("Sparse SAM Live: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            showOutlines(null, List.of());
            IJ.showStatus("Sparse SAM Live: ran out of memory: " + MemoryEstimate.RAISE_HEAP);
        }
    }

    private void showOutlines(Shown result, List<Roi> outlines) {
        shown = result;
        ResultsOutput.showOutlines(image, outlines);
    }

    private void restoreOverlay() {
        image.setOverlay(before == null ? null : before.duplicate());
        shown = null;
    }

    private void finish() {
        if (image.getProperty(PROPERTY) == this) {
            image.setProperty(PROPERTY, null);
        }
        if (sam != null) {
            sam.close();
        }
        IJ.showProgress(1.0);
        worker.shutdown();
    }

    /** Waits for a commit or cancel queued by a command, so that a macro's next line sees its outcome. */
    static void await(Future<?> done) {
        if (done == null) {
            return;
        }
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // reported by the task itself
        }
    }
}
