package org.sparsesam.core.similarity;

import java.util.List;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.Threshold;
import org.sparsesam.core.prompt.Point;

/**
 * The method's step 2: features under the clicks are compared with every location. Each click gives a
 * prototype, the mean feature vector of a small neighbourhood around it (one pixel is too noisy, and a
 * click on an object's edge should still describe the object); a location's similarity to a class is its
 * best cosine similarity to any prototype of that class, so several kinds of background (stroma, lumen,
 * glass) can each be matched by their own click.
 */
public final class SelfSimilarity {
    private SelfSimilarity() {}

    public static SimilarityMaps compute(FeatureGrid grid, List<Point> points, int neighbourhoodRadiusCells) {
        return compute(grid, Prototypes.fromClicks(grid, points, neighbourhoodRadiusCells));
    }

    /** Best cosine similarity of every cell to the foreground and to the background prototypes. */
    public static SimilarityMaps compute(FeatureGrid grid, Prototypes prototypes) {
        return compute(grid, prototypes, null);
    }

    /**
     * As {@link #compute(FeatureGrid, Prototypes)}, taking each prototype's dot products from {@code memo} when an earlier
     * call on this grid made them (another click's prototypes are new, the others' are not). {@code memo} may be null.
     */
    public static SimilarityMaps compute(FeatureGrid grid, Prototypes prototypes, SimilarityMemo memo) {
        if (prototypes.channels() != grid.channelCount()) {
            throw new org.sparsesam.core.SparseSamException("The prototypes have " + prototypes.channels()
                    + " feature channels but the encoder gives " + grid.channelCount()
                    + " for this image: use a model trained with this encoder on images of the same kind (RGB or grey).");
        }
        // One channel of unit-length components at a time, not a unit-length copy of the grid: the copy would double
        // the grid's memory (240 bytes a cell), while a dot-product plane per prototype costs 4.
        List<float[]> all = new java.util.ArrayList<>(prototypes.foreground());
        all.addAll(prototypes.background());
        float[][] dots = memo == null ? dotProducts(grid, inverseNorms(grid), all) : memo.dotProducts(grid, all);
        int foreground = prototypes.foreground().size();
        FloatPlane fgMap = best(grid, dots, 0, foreground);
        FloatPlane bgMap = prototypes.background().isEmpty() ? null : best(grid, dots, foreground, all.size());
        return new SimilarityMaps(fgMap, bgMap);
    }

    /**
     * Foreground probability on the grid. With background clicks: a logistic of the margin between the
     * foreground and background similarities (0.5 where they are equal, so "foreground beats background"
     * is the 0.5 level). Foreground only: the similarity is rescaled so that its Otsu threshold maps to 0.5.
     */
    public static FloatPlane foregroundProbability(SimilarityMaps maps, double temperature) {
        return foregroundProbability(maps, temperature, Float.NaN);
    }

    /** As {@link #foregroundProbability(SimilarityMaps, double)} with the foreground-only threshold given (NaN: Otsu's here). */
    public static FloatPlane foregroundProbability(SimilarityMaps maps, double temperature, float foregroundThreshold) {
        FloatPlane fg = maps.foreground();
        FloatPlane out = new FloatPlane(fg.width(), fg.height());
        float[] o = out.data(), f = fg.data();
        float[] b = maps.hasBackground() ? maps.background().data() : null;
        float t = b != null ? Float.NaN : Float.isNaN(foregroundThreshold) ? Threshold.otsu(f) : foregroundThreshold;
        // an exp per cell, the similarity step's slowest loop after a click: ranges of cells on all cores, same values
        inRanges(o.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                o[i] = logistic((f[i] - (b != null ? b[i] : t)) / temperature);
            }
        });
        return out;
    }

    /** Runs {@code body} over [0, n) in a few ranges per core (the caller's thread joins in). */
    static void inRanges(int n, java.util.function.BiConsumer<Integer, Integer> body) {
        int chunks = Math.min(n, 4 * Runtime.getRuntime().availableProcessors());
        if (chunks <= 1) {
            body.accept(0, n);
            return;
        }
        java.util.stream.IntStream.range(0, chunks).parallel()
                .forEach(c -> body.accept((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks)));
    }

    static float logistic(double z) {
        return (float) (1 / (1 + Math.exp(-z)));
    }

    /** Each cell's feature vector length. */
    static double[] norms(FeatureGrid grid) {
        int n = grid.gridWidth() * grid.gridHeight(), c = grid.channelCount();
        double[] squares = new double[n];
        for (int k = 0; k < c; k++) {
            float[] d = grid.channel(k).data();
            for (int i = 0; i < n; i++) {
                squares[i] += (double) d[i] * d[i];
            }
        }
        for (int i = 0; i < n; i++) {
            squares[i] = Math.sqrt(squares[i]);
        }
        return squares;
    }

    /** One over each cell's vector length, 0 for a zero vector: a multiply per value instead of a division. */
    static double[] inverseNorms(FeatureGrid grid) {
        double[] norms = norms(grid);
        for (int i = 0; i < norms.length; i++) {
            norms[i] = norms[i] > 0 ? 1 / norms[i] : 0;
        }
        return norms;
    }

    /** Mean feature vector over the cells within {@code radius} of the click, normalised to unit length. */
    static float[] prototype(FeatureGrid grid, Point p, int radius) {
        int c = grid.channelCount(), gw = grid.gridWidth(), gh = grid.gridHeight();
        int cx = grid.gridX(p.x()), cy = grid.gridY(p.y());
        double[] sum = new double[c];
        for (int y = Math.max(0, cy - radius); y <= Math.min(gh - 1, cy + radius); y++) {
            for (int x = Math.max(0, cx - radius); x <= Math.min(gw - 1, cx + radius); x++) {
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) > radius * radius) {
                    continue;
                }
                int i = y * gw + x;
                for (int k = 0; k < c; k++) {
                    sum[k] += grid.channel(k).data()[i];
                }
            }
        }
        double norm = 0;
        for (double s : sum) {
            norm += s * s;
        }
        norm = Math.sqrt(norm);
        float[] proto = new float[c];
        for (int k = 0; k < c; k++) {
            proto[k] = norm > 0 ? (float) (sum[k] / norm) : 0f;
        }
        return proto;
    }

    /**
     * Best cosine similarity to any of {@code prototypes} of one feature vector (a click's, or one sampled for a
     * whole-image statistic), as {@link #compute} gives it for a cell.
     */
    public static float bestCosine(float[] vector, List<float[]> prototypes) {
        double norm = 0;
        for (float v : vector) {
            norm += (double) v * v;
        }
        double inverse = norm > 0 ? 1 / Math.sqrt(norm) : 0;
        float best = -1f;
        for (float[] proto : prototypes) {
            float dot = 0;
            for (int k = 0; k < proto.length; k++) {
                dot += proto[k] * (float) (vector[k] * inverse);
            }
            best = Math.max(best, dot);
        }
        return best;
    }

    /** Each prototype's dot product with every cell's unit-length vector, summed in channel order as before. */
    static float[][] dotProducts(FeatureGrid grid, double[] inverseNorms, List<float[]> prototypes) {
        int n = inverseNorms.length;
        float[][] dots = new float[prototypes.size()][n];
        if (prototypes.size() == 1) {
            // One click's plane (a live click): the unit value is made where it is used, the same float, no array pass.
            float[] dot = dots[0];
            for (int k = 0; k < grid.channelCount(); k++) {
                float[] d = grid.channel(k).data();
                float w = prototypes.get(0)[k];
                for (int i = 0; i < n; i++) {
                    dot[i] += w * (float) (d[i] * inverseNorms[i]);
                }
            }
            return dots;
        }
        float[] unit = new float[n];
        for (int k = 0; k < grid.channelCount(); k++) {
            unitChannel(grid, inverseNorms, k, unit);
            addChannel(dots, prototypes, k, unit);
        }
        return dots;
    }

    /** Channel {@code k} of every cell's unit-length vector (zero for a zero vector). */
    static void unitChannel(FeatureGrid grid, double[] inverseNorms, int k, float[] unit) {
        float[] d = grid.channel(k).data();
        for (int i = 0; i < unit.length; i++) {
            unit[i] = (float) (d[i] * inverseNorms[i]);
        }
    }

    /** Adds channel {@code k}'s terms to each prototype's dot products: channels are summed in order, whoever sums them. */
    static void addChannel(float[][] dots, List<float[]> prototypes, int k, float[] unit) {
        addChannel(dots, prototypes, k, unit, 0, unit.length);
    }

    /** As {@link #addChannel(float[][], List, int, float[])} for the cells {@code from..to} only. */
    static void addChannel(float[][] dots, List<float[]> prototypes, int k, float[] unit, int from, int to) {
        for (int p = 0; p < dots.length; p++) {
            float w = prototypes.get(p)[k];
            float[] dot = dots[p];
            for (int i = from; i < to; i++) {
                dot[i] += w * unit[i];
            }
        }
    }

    /** The best of the dot products {@code from..to}, -1 where there are none. */
    private static FloatPlane best(FeatureGrid grid, float[][] dots, int from, int to) {
        FloatPlane out = new FloatPlane(grid.gridWidth(), grid.gridHeight());
        float[] o = out.data();
        java.util.Arrays.fill(o, -1f);
        for (int p = from; p < to; p++) {
            float[] dot = dots[p];
            for (int i = 0; i < o.length; i++) {
                o[i] = Math.max(o[i], dot[i]);
            }
        }
        return out;
    }
}
