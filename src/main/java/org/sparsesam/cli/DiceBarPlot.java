package org.sparsesam.cli;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/** A bar plot of Dice per image with the dataset mean as a line; drawn with plain AWT so the CLI needs no plotting library. */
final class DiceBarPlot {
    private static final int BAR = 24, GAP = 8, LEFT = 50, TOP = 40, PLOT_HEIGHT = 240, BOTTOM = 140;

    /** One bar: an image name and its Dice (mean over repeats). */
    record Bar(String label, double dice) {}

    private DiceBarPlot() {}

    static BufferedImage draw(String title, List<Bar> bars, double mean) {
        // About 7 px per character of 12 pt sans-serif keeps the title inside the picture.
        int width = Math.max(Math.max(360, LEFT + 20 + bars.size() * (BAR + GAP)), LEFT + 10 + title.length() * 7);
        int height = TOP + PLOT_HEIGHT + BOTTOM;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(Color.BLACK);
            g.drawString(title, LEFT, 20);
            int baseline = TOP + PLOT_HEIGHT;
            for (int t = 0; t <= 4; t++) {
                int y = baseline - t * PLOT_HEIGHT / 4;
                g.setColor(Color.LIGHT_GRAY);
                g.drawLine(LEFT, y, width - 10, y);
                g.setColor(Color.BLACK);
                g.drawString(String.format(Locale.ROOT, "%.2f", t / 4.0), 10, y + 4);
            }
            for (int i = 0; i < bars.size(); i++) {
                int x = LEFT + 10 + i * (BAR + GAP);
                double d = bars.get(i).dice();
                int barHeight = Double.isNaN(d) ? 0 : (int) Math.round(Math.max(0, Math.min(1, d)) * PLOT_HEIGHT);
                g.setColor(new Color(0x4c72b0));
                g.fillRect(x, baseline - barHeight, BAR, barHeight);
                g.setColor(Color.BLACK);
                AffineTransform saved = g.getTransform();
                g.rotate(Math.PI / 2, x + BAR / 2.0 - 4, baseline + 6);
                g.drawString(shorten(bars.get(i).label()), x + BAR / 2 - 4, baseline + 6);
                g.setTransform(saved);
            }
            if (!Double.isNaN(mean)) {
                int y = baseline - (int) Math.round(mean * PLOT_HEIGHT);
                g.setColor(new Color(0xc44e52));
                g.drawLine(LEFT, y, width - 10, y);
                g.drawString(String.format(Locale.ROOT, "mean %.3f", mean), width - 90, y - 4);
            }
            g.setColor(Color.BLACK);
            g.drawLine(LEFT, TOP, LEFT, baseline);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static String shorten(String label) {
        return label.length() <= 20 ? label : label.substring(0, 19) + "…";
    }
}
