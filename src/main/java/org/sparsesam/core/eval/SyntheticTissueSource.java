package org.sparsesam.core.eval;

import java.util.ArrayList;
import java.util.List;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.ImageSource;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.core.prompt.Point;

/**
 * A generated H&amp;E-like image of any size that is never held whole: like {@link SyntheticTissue} (purple elliptical
 * nuclei of about 6 px radius on pink stroma, mild noise), but each pixel is computed from the seed and its position
 * when read, so a benchmark of a 16,000 x 16,000 image measures the pipeline, not a 3 GB input buffer. Nuclei sit one
 * per cell of a {@value #CELL}-pixel grid (most cells hold one), placed inside their cell so that they never touch.
 */
public final class SyntheticTissueSource implements ImageSource {
    static final int CELL = 28;
    private static final float[] STROMA = {232, 170, 205};
    private static final float[] NUCLEUS = {105, 60, 150};
    private static final double MEAN_RADIUS = 6, PRESENCE = 0.85, NOISE = 8;

    private final int width;
    private final int height;
    private final long seed;

    public SyntheticTissueSource(int width, int height, long seed) {
        this.width = width;
        this.height = height;
        this.seed = seed;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public boolean isRgb() {
        return true;
    }

    /** The nucleus of a grid cell, or null: centre, radii and angle from a hash of the seed and the cell. */
    private record Nucleus(double cx, double cy, double rx, double ry, double cos, double sin) {
        boolean inside(int x, int y) {
            double dx = x - cx, dy = y - cy;
            double u = dx * cos + dy * sin, v = -dx * sin + dy * cos;
            return (u * u) / (rx * rx) + (v * v) / (ry * ry) <= 1;
        }
    }

    private Nucleus nucleus(int cellX, int cellY) {
        long h = mix(seed ^ mix(cellX * 0x9E3779B97F4A7C15L + cellY));
        if (unit(h) >= PRESENCE) {
            return null;
        }
        double rx = MEAN_RADIUS * (0.67 + 0.66 * unit(h = mix(h)));
        double ry = rx * (0.7 + 0.3 * unit(h = mix(h)));
        double angle = Math.PI * unit(h = mix(h));
        // the largest radius is 8 px: centres 9 px or more inside the cell keep nuclei 2 px apart
        double cx = cellX * CELL + 9 + (CELL - 18) * unit(h = mix(h));
        double cy = cellY * CELL + 9 + (CELL - 18) * unit(mix(h));
        if (cx + 8 >= width || cy + 8 >= height) {
            return null;
        }
        return new Nucleus(cx, cy, rx, ry, Math.cos(angle), Math.sin(angle));
    }

    @Override
    public RasterImage read(int x0, int y0, int w, int h) {
        if (x0 < 0 || y0 < 0 || x0 + w > width || y0 + h > height) {
            throw new IllegalArgumentException("rectangle outside the image");
        }
        int[] labels = labelsOf(x0, y0, w, h);
        FloatPlane[] rgb = {new FloatPlane(w, h), new FloatPlane(w, h), new FloatPlane(w, h)};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                float[] base = labels[i] != 0 ? NUCLEUS : STROMA;
                double noise = gaussian(x0 + x, y0 + y) * NOISE;
                for (int c = 0; c < 3; c++) {
                    rgb[c].data()[i] = (float) Math.max(0, Math.min(255, Math.round(base[c] + noise)));
                }
            }
        }
        return RasterImage.rgb(rgb[0], rgb[1], rgb[2]);
    }

    /** The true instances of a rectangle, each nucleus labelled by its cell (1 + row-major cell index). */
    public LabelImage labels(int x0, int y0, int w, int h) {
        return new LabelImage(w, h, labelsOf(x0, y0, w, h));
    }

    private int[] labelsOf(int x0, int y0, int w, int h) {
        int[] labels = new int[w * h];
        int columns = (width + CELL - 1) / CELL;
        for (int cy = y0 / CELL; cy <= (y0 + h - 1) / CELL; cy++) {
            for (int cx = x0 / CELL; cx <= (x0 + w - 1) / CELL; cx++) {
                Nucleus n = nucleus(cx, cy);
                if (n == null) {
                    continue;
                }
                for (int y = Math.max(y0, cy * CELL); y < Math.min(y0 + h, (cy + 1) * CELL); y++) {
                    for (int x = Math.max(x0, cx * CELL); x < Math.min(x0 + w, (cx + 1) * CELL); x++) {
                        if (n.inside(x, y)) {
                            labels[(y - y0) * w + x - x0] = 1 + cy * columns + cx;
                        }
                    }
                }
            }
        }
        return labels;
    }

    /**
     * Clicks as a user would place them: {@code foreground} on nuclei centres and {@code background} on stroma (cell
     * corners, which no nucleus reaches), spread over the image.
     */
    public List<Point> clicks(int foreground, int background) {
        List<Point> points = new ArrayList<>();
        int columns = width / CELL, rows = height / CELL;
        for (int k = 0; points.size() < foreground && k < 100 * foreground; k++) {
            long h = mix(seed + 31L * k);
            Nucleus n = nucleus((int) (unit(h) * columns), (int) (unit(mix(h)) * rows));
            if (n != null) {
                points.add(Point.fg(Math.round(n.cx()), Math.round(n.cy())));
            }
        }
        for (int k = 0; k < background; k++) {
            long h = mix(seed + 77L * k + 5);
            points.add(Point.bg(CELL * (1 + (int) (unit(h) * (columns - 1))), CELL * (1 + (int) (unit(mix(h)) * (rows - 1)))));
        }
        return points;
    }

    /** About normal noise from the pixel's hash: the sum of four uniforms, centred and scaled to unit variance. */
    private double gaussian(int x, int y) {
        long h = mix(seed * 0x632BE59BD9B4E019L ^ ((long) x << 32 | y));
        double sum = 0;
        for (int k = 0; k < 4; k++) {
            sum += (h >>> (16 * k) & 0xFFFF) / 65536.0;
        }
        return (sum - 2) * Math.sqrt(3);
    }

    private static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64's finaliser: a well-mixed 64-bit hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
