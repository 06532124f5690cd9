package org.sparsesam.core.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.prompt.Point;

class SelfSimilarityTest {
    /**
     * A 20x10 grid whose left half has feature vector (1, 0) and right half (0, 1). Clicking left as
     * foreground and right as background must give cosine 1 / 0 on the left and 0 / 1 on the right, so
     * the foreground probability is above 0.5 exactly on the left half, including cells never clicked.
     */
    @Test
    void findsAllCellsLikeTheForegroundClick() {
        int w = 20, h = 10;
        float[] a = new float[w * h], b = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                a[y * w + x] = x < 10 ? 1 : 0;
                b[y * w + x] = x < 10 ? 0 : 1;
            }
        }
        FeatureGrid grid = new FeatureGrid(new FloatPlane[] {new FloatPlane(w, h, a), new FloatPlane(w, h, b)},
                new String[] {"a", "b"}, 1, w, h);
        SimilarityMaps maps = SelfSimilarity.compute(grid, List.of(Point.fg(3, 5), Point.bg(16, 5)), 1);
        assertEquals(1f, maps.foreground().get(8, 2), 1e-6);
        assertEquals(0f, maps.foreground().get(12, 2), 1e-6);
        assertEquals(1f, maps.background().get(19, 9), 1e-6);
        FloatPlane p = SelfSimilarity.foregroundProbability(maps, 0.05);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                assertEquals(x < 10, p.get(x, y) > 0.5f, "cell " + x + "," + y);
            }
        }
    }

    @Test
    void foregroundOnlyThresholdsTheSimilarity() {
        int w = 10, h = 1;
        float[] a = {1, 1, 1, 0.9f, 0, 0, 0, 0.1f, 0, 0};
        float[] b = {0, 0, 0, 0.1f, 1, 1, 1, 0.9f, 1, 1};
        FeatureGrid grid = new FeatureGrid(new FloatPlane[] {new FloatPlane(w, h, a), new FloatPlane(w, h, b)},
                new String[] {"a", "b"}, 1, w, h);
        SimilarityMaps maps = SelfSimilarity.compute(grid, List.of(Point.fg(0, 0)), 0);
        assertNull(maps.background());
        FloatPlane p = SelfSimilarity.foregroundProbability(maps, 0.05);
        assertTrue(p.get(3, 0) > 0.5f);
        assertFalse(p.get(7, 0) > 0.5f);
    }
}
