package org.sparsesam.core.prompt;

/** A click in image pixel coordinates (pixel centres at integers). */
public record Point(double x, double y, PointLabel label) {
    public static Point fg(double x, double y) {
        return new Point(x, y, PointLabel.FOREGROUND);
    }

    public static Point bg(double x, double y) {
        return new Point(x, y, PointLabel.BACKGROUND);
    }

    public boolean isForeground() {
        return label == PointLabel.FOREGROUND;
    }
}
