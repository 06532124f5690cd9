package org.sparsesam.core.prompt;

import java.util.List;
import org.sparsesam.core.SparseSamException;

/** The checks every front end needs before clicks reach the method, with messages that say what to do. */
public final class PointChecks {
    private PointChecks() {}

    public static void validate(List<Point> points, int width, int height) {
        if (points == null || points.isEmpty()) {
            throw new SparseSamException("No points given: click a few structures with the multi-point tool (counter 0 = foreground, "
                    + "counter 1 = background), or give a points file (x,y,label per line).");
        }
        boolean anyForeground = false;
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            if (!Double.isFinite(p.x()) || !Double.isFinite(p.y())) {
                throw new SparseSamException("Point " + (i + 1) + " has a coordinate that is not a number: give pixel coordinates.");
            }
            if (p.x() < -0.5 || p.y() < -0.5 || p.x() > width - 0.5 || p.y() > height - 0.5) {
                throw new SparseSamException("Point " + (i + 1) + " (x=" + fmt(p.x()) + ", y=" + fmt(p.y()) + ") lies outside the "
                        + width + "x" + height + " image: points are in pixels of this image; check the file belongs to it.");
            }
            anyForeground |= p.isForeground();
        }
        if (!anyForeground) {
            throw new SparseSamException("Only background points were given: click at least one structure to find as foreground "
                    + "(multi-point counter 0, or label fg in a points file).");
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
