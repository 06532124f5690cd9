package org.sparsesam.ij;

import ij.ImagePlus;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.process.FloatPolygon;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.core.prompt.PointLabel;
import org.sparsesam.core.prompt.PointsCsv;

/**
 * Where the clicks come from, first match wins: a points file the user named, else the image's multi-point
 * selection (counter 0 = foreground, counter 1 = background, as the multi-point tool numbers them), else point
 * ROIs in the ROI Manager named fg... or bg.... An explicit file wins because a macro that names one means it,
 * whatever selection the image happens to carry. Every point is checked against the image here, where an
 * error can still say which point of which source is wrong.
 */
public final class PointSources {
    public static final int FOREGROUND_COUNTER = 0;
    public static final int BACKGROUND_COUNTER = 1;

    /** The clicks and a phrase saying where they came from ("the multi-point selection"), for the log. */
    public record Clicks(List<Point> points, String source) {}

    private record NamedPoint(Point point, String name) {}

    private PointSources() {}

    /**
     * @param managerRois the ROI Manager's ROIs, or an empty array when there is no manager
     * @param pointsFile  a points file, or null to use the selection or the ROI Manager
     */
    public static Clicks collect(ImagePlus image, Roi[] managerRois, Path pointsFile) {
        String source;
        List<NamedPoint> points;
        if (pointsFile != null) {
            source = "the points file " + pointsFile.getFileName();
            points = fromFile(pointsFile);
        } else if (image.getRoi() instanceof PointRoi selection) {
            source = "the multi-point selection";
            points = fromSelection(selection);
        } else {
            source = "the fg/bg point ROIs in the ROI Manager";
            points = fromManager(managerRois);
            if (points.isEmpty()) {
                throw new SparseSamException("No points given: click a few structures with the multi-point tool (counter 0 = foreground, "
                        + "counter 1 = background), add point ROIs named fg... and bg... to the ROI Manager, or give a points file.");
            }
        }
        check(points, source, image);
        return new Clicks(points.stream().map(NamedPoint::point).toList(), source);
    }

    /** Reads a points file (x,y,label lines), with messages that name the file. */
    public static List<Point> readFile(Path file) {
        return PointsCsv.readFile(file);
    }

    private static List<NamedPoint> fromFile(Path file) {
        List<Point> read = readFile(file);
        List<NamedPoint> out = new ArrayList<>();
        for (int i = 0; i < read.size(); i++) {
            out.add(new NamedPoint(read.get(i), "point " + (i + 1) + " of " + file.getFileName()));
        }
        return out;
    }

    private static List<NamedPoint> fromSelection(PointRoi selection) {
        FloatPolygon polygon = selection.getFloatPolygon();
        List<NamedPoint> out = new ArrayList<>();
        for (int i = 0; i < polygon.npoints; i++) {
            String name = "point " + (i + 1) + " of the multi-point selection";
            int counter = selection.getCounter(i);
            PointLabel label = switch (counter) {
                case FOREGROUND_COUNTER -> PointLabel.FOREGROUND;
                case BACKGROUND_COUNTER -> PointLabel.BACKGROUND;
                default -> throw new SparseSamException("The " + name + " uses counter " + counter
                        + ": use counter 0 for structures to find and counter 1 for background (Multi-point tool options).");
            };
            out.add(new NamedPoint(toPixel(polygon.xpoints[i], polygon.ypoints[i], label), name));
        }
        return out;
    }

    private static List<NamedPoint> fromManager(Roi[] rois) {
        List<NamedPoint> out = new ArrayList<>();
        for (Roi roi : rois) {
            String name = roi.getName() == null ? "" : roi.getName();
            String lower = name.toLowerCase(Locale.ROOT);
            PointLabel label = lower.startsWith("fg") ? PointLabel.FOREGROUND : lower.startsWith("bg") ? PointLabel.BACKGROUND : null;
            if (label == null || !(roi instanceof PointRoi)) {
                continue;
            }
            FloatPolygon polygon = roi.getFloatPolygon();
            for (int i = 0; i < polygon.npoints; i++) {
                String where = polygon.npoints == 1 ? "point ROI '" + name + "'" : "point " + (i + 1) + " of ROI '" + name + "'";
                out.add(new NamedPoint(toPixel(polygon.xpoints[i], polygon.ypoints[i], label), where + " in the ROI Manager"));
            }
        }
        return out;
    }

    /**
     * ImageJ stores a click as the clicked pixel's index, or with sub-pixel resolution as a position where pixel
     * x spans [x, x+1); flooring gives the clicked pixel either way, and the core puts pixel centres at integers.
     */
    private static Point toPixel(double x, double y, PointLabel label) {
        return new Point(Math.floor(x), Math.floor(y), label);
    }

    private static void check(List<NamedPoint> points, String source, ImagePlus image) {
        if (points.isEmpty()) {
            throw new SparseSamException("No points in " + source + ": click a few structures to find (foreground) and some background.");
        }
        int w = image.getWidth(), h = image.getHeight();
        boolean anyForeground = false;
        for (NamedPoint p : points) {
            double x = p.point().x(), y = p.point().y();
            if (x < -0.5 || y < -0.5 || x > w - 0.5 || y > h - 0.5) {
                throw new SparseSamException("The " + p.name() + " (x=" + format(x) + ", y=" + format(y) + ") lies outside the " + w + "x" + h
                        + " image '" + image.getTitle() + "': points are pixel coordinates of this image; check they belong to it.");
            }
            anyForeground |= p.point().isForeground();
        }
        if (!anyForeground) {
            throw new SparseSamException("Only background points in " + source + ": mark at least one structure to find as foreground "
                    + "(multi-point counter 0, a point ROI named fg..., or label fg in a points file).");
        }
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
