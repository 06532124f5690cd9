package org.sparsesam.core.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SphericalKMeansTest {
    /** Unit vectors scattered by a small angle around {@code axis}. */
    private static List<float[]> around(double[] axis, int n, Random random) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] v = axis.clone();
            for (int j = 0; j < v.length; j++) {
                v[j] += 0.05 * random.nextGaussian();
            }
            out.add(SphericalKMeans.normalised(v));
        }
        return out;
    }

    @Test
    void findsTwoSeparatedDirectionsLargestFirst() {
        Random random = new Random(3);
        List<float[]> vectors = new ArrayList<>(around(new double[] {1, 0, 0}, 60, random));
        vectors.addAll(around(new double[] {0, 1, 0}, 40, random));
        List<float[]> centres = SphericalKMeans.cluster(vectors, 2, 20, 1);
        assertEquals(2, centres.size());
        // The mean of a symmetric scatter lies on its axis: cosine with the axis close to 1.
        assertTrue(centres.get(0)[0] > 0.99, "first centre is the 60-vector cluster along x");
        assertTrue(centres.get(1)[1] > 0.99, "second centre is the 40-vector cluster along y");
        for (float[] c : centres) {
            assertEquals(1.0, SphericalKMeans.dot(c, c), 1e-5, "centres are unit vectors");
        }
    }

    @Test
    void neverMoreCentresThanDistinctVectors() {
        List<float[]> same = List.of(new float[] {1, 0}, new float[] {1, 0}, new float[] {1, 0});
        assertEquals(1, SphericalKMeans.cluster(same, 8, 10, 1).size());
        assertEquals(List.of(), SphericalKMeans.cluster(List.of(), 3, 10, 1));
    }
}
