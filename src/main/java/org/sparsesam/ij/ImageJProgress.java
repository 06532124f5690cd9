package org.sparsesam.ij;

import ij.IJ;
import org.sparsesam.core.Progress;

/** Core progress on ImageJ's status line and progress bar; notes go to the Log window (stdout when headless). */
public final class ImageJProgress implements Progress {
    @Override
    public void report(String stage, double fraction) {
        IJ.showStatus("Sparse SAM: " + stage);
        if (fraction >= 0) {
            IJ.showProgress(fraction);
        }
    }

    @Override
    public void note(String message) {
        IJ.log("Sparse SAM: " + message);
    }
}
