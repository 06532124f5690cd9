package org.sparsesam.ij;

import ij.gui.Roi;
import ij.plugin.frame.RoiManager;
import java.awt.HeadlessException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sparsesam.core.SparseSamException;

/**
 * Finding the ROI Manager the user (or the running macro) sees. Inside a batch-mode macro that is the macro's
 * hidden manager, which {@link RoiManager#getInstance2()} returns; {@link RoiManager#getRoiManager()} alone
 * would open a second manager that the macro's {@code roiManager("count")} never sees.
 * <p>
 * Plain ImageJ 1 cannot make any ROI Manager in a headless JVM, not even the hidden batch-mode one
 * ({@code new RoiManager(true)} is still a {@link java.awt.Frame} and throws {@link HeadlessException}); Fiji's
 * headless mode patches that. So reading tolerates a missing manager, while writing to one says what to do.
 */
public final class RoiManagers {
    private static final Pattern RUN_NAME = Pattern.compile(Pattern.quote(RoiConversion.NAME_PREFIX) + "(\\d+)-\\d+");

    private RoiManagers() {}

    /** The manager if one exists, or null; never opens one, so that looking for clicks pops up no window. */
    public static RoiManager existing() {
        try {
            return RoiManager.getInstance2();
        } catch (HeadlessException e) {
            return null;
        }
    }

    /** The manager to add results to, opened if there is none. */
    public static RoiManager forOutput() {
        RoiManager manager = existing();
        if (manager != null) {
            return manager;
        }
        try {
            return RoiManager.getRoiManager();
        } catch (HeadlessException e) {
            throw new SparseSamException("The ROI Manager cannot open without a display: add the key no_rois, "
                    + "run under Fiji's --headless mode or a virtual display (xvfb-run), or use the sparse-sam command line.");
        }
    }

    public static Roi[] rois(RoiManager manager) {
        return manager == null ? new Roi[0] : manager.getRoisAsArray();
    }

    /** One more than the highest run number among {@code SparseSAM-<run>-<label>} names, so each run's names are new. */
    public static int nextRunNumber(Roi[] existing) {
        int max = 0;
        for (Roi roi : existing) {
            Matcher m = roi.getName() == null ? null : RUN_NAME.matcher(roi.getName());
            if (m != null && m.matches()) {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            }
        }
        return max + 1;
    }

    /** Appends the ROIs: what the manager held before keeps its place, names and shapes. */
    public static void append(RoiManager manager, Iterable<Roi> rois) {
        for (Roi roi : rois) {
            manager.add(roi, -1);
        }
    }
}
