package org.sparsesam.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.core.prompt.Point;

/**
 * A picture of one evaluation: the image, ground-truth outlines in green, predicted outlines in magenta
 * (white where they coincide), foreground clicks as yellow dots and background clicks as cyan crosses.
 */
final class EvaluationOverlay {
    static final int GROUND_TRUTH = 0x00ff00;
    static final int PREDICTION = 0xff00ff;
    static final int BOTH = 0xffffff;

    private EvaluationOverlay() {}

    static BufferedImage draw(RasterImage image, LabelImage groundTruth, LabelImage prediction, List<Point> points) {
        int w = image.width(), h = image.height();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] rgb = toRgb(image);
        boolean[] gtEdge = outlines(groundTruth);
        boolean[] predEdge = outlines(prediction);
        for (int i = 0; i < rgb.length; i++) {
            if (gtEdge[i] && predEdge[i]) {
                rgb[i] = BOTH;
            } else if (gtEdge[i]) {
                rgb[i] = GROUND_TRUTH;
            } else if (predEdge[i]) {
                rgb[i] = PREDICTION;
            }
        }
        out.setRGB(0, 0, w, h, rgb, 0, w);
        Graphics2D g = out.createGraphics();
        try {
            int r = Math.max(3, Math.min(w, h) / 150);
            g.setStroke(new BasicStroke(Math.max(1, r / 2f)));
            for (Point p : points) {
                int x = (int) Math.round(p.x()), y = (int) Math.round(p.y());
                if (p.isForeground()) {
                    g.setColor(Color.YELLOW);
                    g.fillOval(x - r, y - r, 2 * r + 1, 2 * r + 1);
                    g.setColor(Color.BLACK);
                    g.drawOval(x - r, y - r, 2 * r + 1, 2 * r + 1);
                } else {
                    g.setColor(Color.CYAN);
                    g.drawLine(x - r, y - r, x + r, y + r);
                    g.drawLine(x - r, y + r, x + r, y - r);
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Pixels of an object with a 4-neighbour of another label (the image edge counts as one). */
    static boolean[] outlines(LabelImage labels) {
        int w = labels.width(), h = labels.height();
        int[] l = labels.data();
        boolean[] edge = new boolean[l.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int k = y * w + x, v = l[k];
                edge[k] = v != 0 && (x == 0 || y == 0 || x == w - 1 || y == h - 1
                        || l[k - 1] != v || l[k + 1] != v || l[k - w] != v || l[k + w] != v);
            }
        }
        return edge;
    }

    /** Packed RGB of the image; grey images beyond 0..255 (16/32-bit) are stretched from their min to max. */
    private static int[] toRgb(RasterImage image) {
        int n = image.width() * image.height();
        int[] rgb = new int[n];
        if (image.isRgb()) {
            float[] r = image.channel(0).data(), g = image.channel(1).data(), b = image.channel(2).data();
            for (int i = 0; i < n; i++) {
                rgb[i] = byteOf(r[i]) << 16 | byteOf(g[i]) << 8 | byteOf(b[i]);
            }
            return rgb;
        }
        FloatPlane grey = image.channel(0);
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float v : grey.data()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        boolean eightBit = min >= 0 && max <= 255;
        double scale = eightBit || max == min ? 1 : 255.0 / (max - min);
        double offset = eightBit ? 0 : min;
        for (int i = 0; i < n; i++) {
            int v = byteOf((float) ((grey.data()[i] - offset) * scale));
            rgb[i] = v << 16 | v << 8 | v;
        }
        return rgb;
    }

    private static int byteOf(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }
}
