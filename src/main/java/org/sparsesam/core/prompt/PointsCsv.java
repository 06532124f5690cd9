package org.sparsesam.core.prompt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sparsesam.core.SparseSamException;

/**
 * Reads and writes click files: one point per line as {@code x,y,label} with label fg/bg (or 1/0).
 * A header line and blank or #-comment lines are allowed. Errors name the line.
 */
public final class PointsCsv {
    /** A batch's points file for an image is named {@code <image base name>-points.csv}. */
    public static final String FILE_SUFFIX = "-points.csv";

    private PointsCsv() {}

    /** Reads a click file, with messages for a missing, unreadable or non-text file. */
    public static List<Point> readFile(java.nio.file.Path file) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new SparseSamException("The points file " + file + " does not exist: give a CSV file with x,y,label lines.");
        }
        try (Reader reader = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            return read(reader, file.getFileName().toString());
        } catch (java.nio.charset.MalformedInputException e) {
            throw new SparseSamException("The points file " + file + " is not text: give a CSV file with x,y,label lines.");
        } catch (IOException e) {
            throw new SparseSamException("Cannot read the points file " + file + " (" + e.getMessage() + "): check its permissions.");
        }
    }

    public static List<Point> read(Reader in, String sourceName) throws IOException {
        List<Point> points = new ArrayList<>();
        BufferedReader reader = new BufferedReader(in);
        String line;
        int lineNumber = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] cells = trimmed.split("\\s*[,;\\t]\\s*");
            if (lineNumber == 1 && isHeader(cells)) {
                continue;
            }
            if (cells.length != 3) {
                throw new SparseSamException(sourceName + " line " + lineNumber + " has " + cells.length
                        + " fields: write each point as x,y,label (label fg or bg).");
            }
            double x = parseCoordinate(cells[0], sourceName, lineNumber);
            double y = parseCoordinate(cells[1], sourceName, lineNumber);
            PointLabel label;
            try {
                label = PointLabel.parse(cells[2]);
            } catch (IllegalArgumentException e) {
                throw new SparseSamException(sourceName + " line " + lineNumber + ": " + e.getMessage() + ".");
            }
            points.add(new Point(x, y, label));
        }
        return points;
    }

    private static boolean isHeader(String[] cells) {
        String first = cells.length > 0 ? cells[0].strip().toLowerCase(Locale.ROOT) : "";
        // "NaN" and "Infinity" look like names but are numbers: a point, to be refused as one, not a skipped header
        return first.matches("[a-z_\"]+") && !first.equals("nan") && !first.matches("[+-]?infinity");
    }

    private static double parseCoordinate(String text, String sourceName, int lineNumber) {
        double v;
        try {
            v = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new SparseSamException(sourceName + " line " + lineNumber + ": '" + text + "' is not a number; coordinates are pixels, e.g. 120.5.");
        }
        if (!Double.isFinite(v)) {
            throw new SparseSamException(sourceName + " line " + lineNumber + ": coordinate '" + text + "' is not finite; give pixel coordinates.");
        }
        return v;
    }

    /** The canonical form: header {@code x,y,label}, labels fg/bg. */
    public static String format(List<Point> points) {
        StringBuilder sb = new StringBuilder("x,y,label\n");
        for (Point p : points) {
            sb.append(formatNumber(p.x())).append(',').append(formatNumber(p.y())).append(',')
                    .append(p.isForeground() ? "fg" : "bg").append('\n');
        }
        return sb.toString();
    }

    private static String formatNumber(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
