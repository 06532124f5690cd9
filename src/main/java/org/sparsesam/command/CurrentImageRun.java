package org.sparsesam.command;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.MemoryEstimate;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.ij.EscapeCancel;

/**
 * What every command on the current image shares: it needs an image, Esc cancels between steps, our errors and
 * running out of memory become messages, and the progress bar is left finished whatever happens.
 */
final class CurrentImageRun {
    interface Body {
        void run(ImagePlus image, CancelToken cancel);
    }

    static final String NO_IMAGE = "No image is open: open the image to segment first (in a macro, open(\"/path/image.tif\") "
            + "before run(...)).";

    private CurrentImageRun() {}

    static void run(Body body) {
        ImagePlus image = WindowManager.getCurrentImage();
        if (image == null) {
            // not IJ.noImage(): its modal dialog would hang an unattended -batch macro
            PluginOutputs.reportError(NO_IMAGE);
            return;
        }
        CancelToken cancel = new CancelToken();
        try (EscapeCancel esc = EscapeCancel.watch(cancel)) {
            body.run(image, cancel);
        } catch (CancelToken.CancelledException e) {
            IJ.showStatus("Sparse SAM: cancelled");
        } catch (SparseSamException e) {
            PluginOutputs.reportError(e.getMessage());
        } catch (OutOfMemoryError e) {
            PluginOutputs.reportError("ran out of memory: " + MemoryEstimate.RAISE_HEAP);
        } finally {
            IJ.showProgress(1.0);
        }
    }
}
