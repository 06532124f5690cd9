package org.sparsesam.command;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SparseSamException;

/**
 * Plugins > Segmentation > Sparse SAM Live, Sparse SAM Live Commit, Sparse SAM Live Cancel (plugins.config, the
 * argument says which). Live mode re-segments the current image after every change of its multi-point
 * selection; see {@link LiveSession}.
 */
public final class LiveSegmentationPlugin implements ij.plugin.PlugIn {
    static final String NOT_LIVE = "Live mode is not on for this image: start it with Plugins > Segmentation > Sparse SAM Live.";

    @Override
    public void run(String arg) {
        ImagePlus image = WindowManager.getCurrentImage();
        if (image == null) {
            PluginOutputs.reportError(CurrentImageRun.NO_IMAGE);
            return;
        }
        try {
            switch (arg) {
                case "commit" -> LiveSession.await(live(image).commit());
                case "cancel" -> LiveSession.await(live(image).cancel());
                default -> {
                    SegmentOptions options = methodOptions();
                    if (options != null) {
                        LiveSession.start(image, options);
                    }
                }
            }
        } catch (SparseSamException e) {
            PluginOutputs.reportError(e.getMessage());
        }
    }

    /**
     * The method options for live mode: from a macro, its keys as {@code Sparse SAM} reads them (encoder, no_split,
     * min_area, mode...; a key left out gives the dialog's default); interactively the defaults, so that starting live
     * mode asks nothing. Null when the (macro) dialog was cancelled.
     */
    static SegmentOptions methodOptions() {
        SegmentOptions defaults = SegmentOptions.defaults();
        if (ij.Macro.getOptions() == null) {
            return defaults;
        }
        GenericDialog gd = new GenericDialog("Sparse SAM Live");
        MethodFields.add(gd, defaults);
        gd.showDialog(); // a macro's options fill it; nothing is shown
        return gd.wasCanceled() ? null : MethodFields.read(gd, defaults);
    }

    private static LiveSession live(ImagePlus image) {
        LiveSession session = LiveSession.of(image);
        if (session == null) {
            throw new SparseSamException(NOT_LIVE);
        }
        return session;
    }

    /**
     * For macros: {@code call("org.sparsesam.command.LiveSegmentationPlugin.awaitUpdate", getImageID(), 60)} waits
     * (at most that many seconds) until live mode shows the segmentation of the point changes it has seen, and
     * returns the number of objects shown; "" when the image is not live (any more), "timeout" when it took longer.
     */
    public static String awaitUpdate(String imageId, String seconds) {
        LiveSession session = LiveSession.of(WindowManager.getImage(Integer.parseInt(imageId.strip())));
        if (session == null) {
            return "";
        }
        try {
            if (!session.awaitIdle((long) (Double.parseDouble(seconds.strip()) * 1000))) {
                return "timeout";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "timeout";
        }
        return LiveSession.of(session.image()) == null ? "" : Integer.toString(session.shownCount());
    }
}
