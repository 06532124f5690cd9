package org.sparsesam.core.tile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.encode.BuiltinEncoder;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.encode.FeatureStatistics;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.ImageSource;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.image.Threshold;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.core.similarity.InitialMap;
import org.sparsesam.core.similarity.Prototypes;
import org.sparsesam.core.similarity.SelfSimilarity;
import org.sparsesam.core.similarity.StainPrior;
import org.sparsesam.core.similarity.StainScales;

/**
 * Everything in the pipeline that depends on the whole image, measured once before the tiles are segmented, so that a
 * tile is segmented as the whole image would be: the grey range and the coherence floor of the features, each
 * feature channel's mean and spread (standardisation), the prototypes under the clicks, the stain prior's thresholds
 * and spreads and the click-calibrated choice among them, and (with foreground clicks only) the similarity threshold.
 *
 * <p>The statistics are summed over the cores of at most {@link #SAMPLED_TILES} tiles spread evenly over the image,
 * plus the tiles holding clicks; an image of that many tiles or fewer is measured whole, so its tiled result equals
 * the untiled one. A larger image's statistics come from a sample of it, which keeps the time linear in the area.
 * Measuring takes two reads of each sampled tile: the first finds the ranges and the coherence floor that the second's
 * features and histograms depend on.
 */
final class WholeImageStatistics {
    /**
     * Tiles read for the statistics, besides those holding clicks: all of them up to this count (enough to see the
     * tissue's variety), beyond it one in {@link #SAMPLED_FRACTION}, evenly spread, so the cost stays a fixed share.
     */
    static final int SAMPLED_TILES = 16;
    static final int SAMPLED_FRACTION = 8;
    /** The most feature vectors kept for the foreground-only similarity threshold. */
    static final int THRESHOLD_SAMPLES = 1 << 18;

    /**
     * @param features       for every tile's encoding
     * @param prototypes     the clicks' prototypes, standardised with the whole image's moments
     * @param prior          the chosen stain prior; its candidate holds no plane (each tile smooths its own)
     * @param foregroundThreshold the similarity threshold without background clicks; NaN with them
     */
    record Result(FeatureStatistics features, Prototypes prototypes, StainPrior prior, float foregroundThreshold,
                  int tilesRead, int tilesInImage) {}

    private WholeImageStatistics() {}

    static Result measure(ImageSource source, List<Point> points, BuiltinEncoder encoder, TileLayout layout, Progress progress,
                          CancelToken cancel) {
        List<TileLayout.Tile> tiles = sampled(layout, points);
        boolean rgb = source.isRgb();
        FeatureStatistics statistics = rgb ? FeatureStatistics.greyRange(0, 255) : greyRange(source, layout, cancel);

        // First read: the coherence floor of the features and the range of every smoothed stain plane.
        double[] sigmas = StainScales.sigmas();
        int stains = StainScales.stainNames(rgb).size();
        float[][] min = new float[sigmas.length][stains], max = new float[sigmas.length][stains];
        for (float[] m : min) {
            java.util.Arrays.fill(m, Float.POSITIVE_INFINITY);
        }
        for (float[] m : max) {
            java.util.Arrays.fill(m, Float.NEGATIVE_INFINITY);
        }
        double[] traceSums = new double[BuiltinEncoder.scaleCount()];
        long pixels = 0;
        int done = 0, steps = 2 * tiles.size();
        for (TileLayout.Tile tile : tiles) {
            cancel.throwIfCancelled();
            progress.report("whole-image statistics", 0.5 * done++ / steps);
            RasterImage image = read(source, tile);
            TileLayout.Rect core = local(tile);
            double[] sums = encoder.traceSums(image, statistics, core.x(), core.y(), core.width(), core.height());
            for (int s = 0; s < sums.length; s++) {
                traceSums[s] += sums[s];
            }
            pixels += core.area();
            FloatPlane[] planes = StainScales.stainPlanes(image);
            for (int s = 0; s < sigmas.length; s++) {
                for (int t = 0; t < stains; t++) {
                    FloatPlane smoothed = StainScales.smoothed(planes[t], sigmas[s]);
                    float[] range = range(smoothed, core);
                    min[s][t] = Math.min(min[s][t], range[0]);
                    max[s][t] = Math.max(max[s][t], range[1]);
                }
            }
        }
        double[] meanTraces = new double[traceSums.length];
        for (int s = 0; s < meanTraces.length; s++) {
            meanTraces[s] = traceSums[s] / pixels;
        }
        statistics = statistics.withMeanTraces(meanTraces);

        // Second read: feature moments, the clicks' neighbourhoods, stain histograms and values under the clicks.
        boolean foregroundOnly = points.stream().allMatch(Point::isForeground);
        int stride = encoder.stride();
        long cells = 0;
        for (TileLayout.Tile tile : tiles) {
            cells += (long) ceilDiv(tile.core().width(), stride) * ceilDiv(tile.core().height(), stride);
        }
        int latticeStep = (int) Math.max(1, Math.ceil(Math.sqrt(cells / (double) THRESHOLD_SAMPLES)));
        List<float[]> lattice = new ArrayList<>();
        Moments moments = null;
        double[][] clickSums = new double[points.size()][];
        int[] clickCells = new int[points.size()];
        long[][][] histograms = new long[sigmas.length][stains][];
        double[][] stainSum = new double[sigmas.length][stains], stainSquares = new double[sigmas.length][stains];
        float[][][] atClicks = new float[sigmas.length][stains][points.size()];
        for (TileLayout.Tile tile : tiles) {
            cancel.throwIfCancelled();
            progress.report("whole-image statistics", 0.5 * done++ / steps);
            RasterImage image = read(source, tile);
            TileLayout.Rect core = local(tile);
            FeatureGrid grid = encoder.encode(image, statistics, Progress.NONE, cancel);
            if (moments == null) {
                moments = new Moments(grid.channelCount());
            }
            int gx0 = core.x() / stride, gy0 = core.y() / stride;
            int gx1 = Math.min(grid.gridWidth(), ceilDiv(core.right(), stride)), gy1 = Math.min(grid.gridHeight(), ceilDiv(core.bottom(), stride));
            int originX = tile.outer().x() / stride, originY = tile.outer().y() / stride;
            float[] vector = new float[grid.channelCount()];
            for (int gy = gy0; gy < gy1; gy++) {
                for (int gx = gx0; gx < gx1; gx++) {
                    int i = gy * grid.gridWidth() + gx;
                    grid.vector(i, vector);
                    moments.add(vector);
                    if (foregroundOnly && (originX + gx) % latticeStep == 0 && (originY + gy) % latticeStep == 0) {
                        lattice.add(vector.clone());
                    }
                }
            }
            for (int p = 0; p < points.size(); p++) {
                Point click = points.get(p);
                if (tile.core().contains(click.x(), click.y())) {
                    clickCells[p] = neighbourhoodSum(grid, click.x() - tile.outer().x(), click.y() - tile.outer().y(),
                            clickSums[p] = new double[grid.channelCount()]);
                }
            }
            FloatPlane[] planes = StainScales.stainPlanes(image);
            for (int s = 0; s < sigmas.length; s++) {
                for (int t = 0; t < stains; t++) {
                    FloatPlane smoothed = StainScales.smoothed(planes[t], sigmas[s]);
                    if (histograms[s][t] == null) {
                        histograms[s][t] = Threshold.newHistogram();
                    }
                    for (int y = core.y(); y < core.bottom(); y++) {
                        int from = y * smoothed.width() + core.x();
                        Threshold.addToHistogram(histograms[s][t], smoothed.data(), from, from + core.width(), 1, min[s][t], max[s][t]);
                        for (int i = from; i < from + core.width(); i++) {
                            float v = smoothed.data()[i];
                            stainSum[s][t] += v;
                            stainSquares[s][t] += (double) v * v;
                        }
                    }
                    for (int p = 0; p < points.size(); p++) {
                        Point click = points.get(p);
                        if (tile.core().contains(click.x(), click.y())) {
                            atClicks[s][t][p] = smoothed.sample(click.x() - tile.outer().x(), click.y() - tile.outer().y());
                        }
                    }
                }
            }
        }
        double[][] meanStd = moments.meanAndStd();
        statistics = statistics.withMoments(meanStd[0], meanStd[1]);
        Prototypes prototypes = prototypes(points, clickSums, clickCells, meanStd);

        List<StainScales.Candidate> candidates = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        List<String> names = StainScales.stainNames(rgb);
        for (int s = 0; s < sigmas.length; s++) {
            for (int t = 0; t < stains; t++) {
                float threshold = Threshold.otsu(histograms[s][t], min[s][t], max[s][t]);
                double mean = stainSum[s][t] / pixels;
                float spread = (float) Math.sqrt(Math.max(0, stainSquares[s][t] / pixels - mean * mean));
                for (int polarity : new int[] {1, -1}) {
                    candidates.add(new StainScales.Candidate(names.get(t), sigmas[s], null,
                            polarity, polarity * threshold, spread));
                    float[] signed = atClicks[s][t].clone();
                    for (int p = 0; p < signed.length; p++) {
                        signed[p] *= polarity;
                    }
                    values.add(signed);
                }
            }
        }
        StainPrior prior = StainPrior.choose(candidates, values, points);

        float foregroundThreshold = Float.NaN;
        if (foregroundOnly) {
            float[] similarity = new float[lattice.size()];
            for (int i = 0; i < similarity.length; i++) {
                similarity[i] = SelfSimilarity.bestCosine(standardised(lattice.get(i), meanStd), prototypes.foreground());
            }
            foregroundThreshold = Threshold.otsu(similarity);
        }
        progress.report("whole-image statistics", 1.0);
        return new Result(statistics, prototypes, prior, foregroundThreshold, tiles.size(), layout.tiles().size());
    }

    /** Every tile when there are few; else a share spread evenly, plus those whose cores hold clicks. */
    static List<TileLayout.Tile> sampled(TileLayout layout, List<Point> points) {
        List<TileLayout.Tile> all = layout.tiles();
        if (all.size() <= SAMPLED_TILES) {
            return all;
        }
        Set<TileLayout.Tile> chosen = new LinkedHashSet<>();
        int count = Math.max(SAMPLED_TILES, (all.size() + SAMPLED_FRACTION - 1) / SAMPLED_FRACTION);
        for (int k = 0; k < count; k++) {
            chosen.add(all.get((int) ((k + 0.5) * all.size() / count)));
        }
        for (Point p : points) {
            chosen.add(layout.tileAt(p.x(), p.y()));
        }
        return new ArrayList<>(chosen);
    }

    private static FeatureStatistics greyRange(ImageSource source, TileLayout layout, CancelToken cancel) {
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (TileLayout.Tile tile : layout.tiles()) {
            cancel.throwIfCancelled();
            TileLayout.Rect c = tile.core();
            float[] range = BuiltinEncoder.greyRange(source.read(c.x(), c.y(), c.width(), c.height()));
            min = Math.min(min, range[0]);
            max = Math.max(max, range[1]);
        }
        return FeatureStatistics.greyRange(min, max);
    }

    static RasterImage read(ImageSource source, TileLayout.Tile tile) {
        TileLayout.Rect o = tile.outer();
        return source.read(o.x(), o.y(), o.width(), o.height());
    }

    /** The tile's core in the tile's own coordinates. */
    static TileLayout.Rect local(TileLayout.Tile tile) {
        TileLayout.Rect c = tile.core(), o = tile.outer();
        return new TileLayout.Rect(c.x() - o.x(), c.y() - o.y(), c.width(), c.height());
    }

    private static float[] range(FloatPlane plane, TileLayout.Rect core) {
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        float[] d = plane.data();
        for (int y = core.y(); y < core.bottom(); y++) {
            for (int i = y * plane.width() + core.x(), end = i + core.width(); i < end; i++) {
                if (Float.isFinite(d[i])) {
                    min = Math.min(min, d[i]);
                    max = Math.max(max, d[i]);
                }
            }
        }
        return new float[] {min, max};
    }

    /** Sum of the raw features over a click's neighbourhood, as {@link Prototypes#fromClicks} averages it; returns the cell count. */
    private static int neighbourhoodSum(FeatureGrid grid, double x, double y, double[] sum) {
        int radius = InitialMap.radiusCells(grid);
        int gw = grid.gridWidth(), gh = grid.gridHeight();
        int cx = grid.gridX(x), cy = grid.gridY(y);
        int cells = 0;
        for (int gy = Math.max(0, cy - radius); gy <= Math.min(gh - 1, cy + radius); gy++) {
            for (int gx = Math.max(0, cx - radius); gx <= Math.min(gw - 1, cx + radius); gx++) {
                if ((gx - cx) * (gx - cx) + (gy - cy) * (gy - cy) > radius * radius) {
                    continue;
                }
                for (int k = 0; k < sum.length; k++) {
                    sum[k] += grid.channel(k).data()[gy * gw + gx];
                }
                cells++;
            }
        }
        return cells;
    }

    /** Standardising is affine, so the sum of standardised features is the standardised sum: unit length after. */
    private static Prototypes prototypes(List<Point> points, double[][] sums, int[] cells, double[][] meanStd) {
        List<float[]> fg = new ArrayList<>(), bg = new ArrayList<>();
        for (int p = 0; p < points.size(); p++) {
            double[] s = sums[p];
            double[] standardised = new double[s.length];
            double norm = 0;
            for (int k = 0; k < s.length; k++) {
                standardised[k] = constant(meanStd, k) ? 0 : (s[k] - cells[p] * meanStd[0][k]) / meanStd[1][k];
                norm += standardised[k] * standardised[k];
            }
            norm = Math.sqrt(norm);
            float[] proto = new float[s.length];
            for (int k = 0; k < s.length; k++) {
                proto[k] = norm > 0 ? (float) (standardised[k] / norm) : 0f;
            }
            (points.get(p).isForeground() ? fg : bg).add(proto);
        }
        return new Prototypes(fg, bg);
    }

    private static float[] standardised(float[] raw, double[][] meanStd) {
        float[] out = new float[raw.length];
        for (int k = 0; k < raw.length; k++) {
            out[k] = constant(meanStd, k) ? 0f : (float) ((raw[k] - meanStd[0][k]) / meanStd[1][k]);
        }
        return out;
    }

    /** The encoder's rule for a channel whose spread is float rounding: it standardises to zeros. */
    private static boolean constant(double[][] meanStd, int k) {
        double mean = meanStd[0][k], std = meanStd[1][k];
        return !(std > 1e-6 * Math.abs(mean)) || !Double.isFinite(std);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Per-channel sums, shifted by the first value seen so that squares do not cancel in double. */
    private static final class Moments {
        private final double[] shift, sum, squares;
        private long count;

        Moments(int channels) {
            shift = new double[channels];
            sum = new double[channels];
            squares = new double[channels];
        }

        void add(float[] v) {
            if (count == 0) {
                for (int k = 0; k < v.length; k++) {
                    shift[k] = v[k];
                }
            }
            for (int k = 0; k < v.length; k++) {
                double c = v[k] - shift[k];
                sum[k] += c;
                squares[k] += c * c;
            }
            count++;
        }

        double[][] meanAndStd() {
            double[] mean = new double[sum.length], std = new double[sum.length];
            for (int k = 0; k < sum.length; k++) {
                double m = sum[k] / count;
                mean[k] = shift[k] + m;
                std[k] = Math.sqrt(Math.max(0, squares[k] / count - m * m));
            }
            return new double[][] {mean, std};
        }
    }
}
