package org.sparsesam.core.similarity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.Resample;

/**
 * What the last similarity map of one feature grid leaves for the next click: each prototype's dot products with
 * every cell (a click's prototype depends on its own neighbourhood only, so one more click adds one plane) and the
 * last foreground probability, on the grid and at pixel resolution, so that only the pixels next to cells whose
 * probability changed are interpolated again. Every value is computed as without it: the dot products of a prototype
 * do not depend on which others are computed in the same pass, and a pixel's interpolation reads only the cells
 * around it.
 *
 * <p>Holds a grid (by identity) and starts again for another. Not thread-safe; one per image being clicked.
 */
public final class SimilarityMemo {
    private FeatureGrid grid;
    private double[] inverseNorms;
    /**
     * Every cell's unit-length vector, channel by channel, the same floats {@link SelfSimilarity} makes on the way: made
     * on the second map of a grid (the user is clicking on), so that a click's plane is one multiply-add per value
     * (a click's similarity 16 ms -> about 7 on a megapixel). 4 bytes a channel a cell: 32 MB for a megapixel at
     * stride 2, held while the image is clicked; a one-shot run never makes it.
     */
    private float[][] unit;
    private int mapsOnGrid;
    /**
     * Dot-product planes by prototype, least recently used first: 1 MB a plane for a megapixel at stride 2, so the budget
     * keeps a few dozen clicks' planes, and a removed click put back costs nothing.
     */
    private final LinkedHashMap<Key, float[]> dots = new LinkedHashMap<>(16, 0.75f, true);
    static final long BUDGET_BYTES = 64L << 20;
    private FloatPlane lastOnGrid, lastUpsampled;

    private void use(FeatureGrid g) {
        if (g != grid) {
            grid = g;
            inverseNorms = SelfSimilarity.inverseNorms(g);
            unit = null;
            mapsOnGrid = 0;
            dots.clear();
            lastOnGrid = null;
            lastUpsampled = null;
        }
    }

    /** Each prototype's dot products, as {@link SelfSimilarity} computes them, made only for prototypes not kept. */
    float[][] dotProducts(FeatureGrid g, List<float[]> prototypes) {
        use(g);
        List<float[]> missing = new ArrayList<>();
        for (float[] p : prototypes) {
            if (!dots.containsKey(new Key(p)) && missing.stream().noneMatch(m -> Arrays.equals(m, p))) {
                missing.add(p);
            }
        }
        if (unit == null && mapsOnGrid++ > 0) {
            unit = new float[g.channelCount()][inverseNorms.length];
            for (int k = 0; k < unit.length; k++) {
                SelfSimilarity.unitChannel(g, inverseNorms, k, unit[k]);
            }
        }
        float[][] made;
        if (missing.isEmpty() || unit == null) {
            made = missing.isEmpty() ? new float[0][] : SelfSimilarity.dotProducts(g, inverseNorms, missing);
        } else {
            made = new float[missing.size()][inverseNorms.length];
            float[][] result = made;
            // ranges of cells on all cores: a cell's sum still runs over the channels in order, so the floats are the same
            SelfSimilarity.inRanges(inverseNorms.length, (from, to) -> {
                for (int k = 0; k < unit.length; k++) {
                    SelfSimilarity.addChannel(result, missing, k, unit[k], from, to);
                }
            });
        }
        for (int i = 0; i < made.length; i++) {
            dots.put(new Key(missing.get(i)), made[i]);
        }
        float[][] out = new float[prototypes.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = dots.get(new Key(prototypes.get(i)));
        }
        long planeBytes = 4L * g.gridWidth() * g.gridHeight();
        Iterator<Map.Entry<Key, float[]>> eldest = dots.entrySet().iterator();
        while (dots.size() * planeBytes > BUDGET_BYTES && dots.size() > prototypes.size() && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
        return out;
    }

    /**
     * {@code onGrid} at {@code width} x {@code height} as {@link Resample#upsample} gives it, interpolating again only the
     * pixels within a cell of a cell whose value differs from the last call's (the rest are copied from the last result).
     */
    FloatPlane upsample(FeatureGrid g, FloatPlane onGrid, int width, int height) {
        use(g);
        int stride = g.stride();
        FloatPlane out;
        if (lastOnGrid == null || lastUpsampled.width() != width || lastUpsampled.height() != height
                || lastOnGrid.width() != onGrid.width() || lastOnGrid.height() != onGrid.height()) {
            out = Resample.upsample(onGrid, stride, width, height);
        } else {
            out = Resample.upsampleChanged(lastOnGrid, lastUpsampled, onGrid, stride);
        }
        lastOnGrid = onGrid;
        lastUpsampled = out;
        return out.copy(); // the caller's to change (a stain prior is blended into it): ours stays as computed
    }

    /** A prototype's values, compared by content. */
    private record Key(float[] values) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(values, k.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }
    }
}
