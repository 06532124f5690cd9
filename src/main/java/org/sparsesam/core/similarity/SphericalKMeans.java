package org.sparsesam.core.similarity;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * k-means on unit vectors with cosine similarity (spherical k-means): assign each vector to the centre it is
 * most similar to, move each centre to its members' normalised mean. Cosine is what the self-similarity step
 * compares with, so centres found this way are the prototypes that step can use best. Seeded k-means++
 * start; deterministic for a seed.
 */
public final class SphericalKMeans {
    private SphericalKMeans() {}

    /**
     * @param vectors unit vectors, all of one length; fewer than {@code k} gives one centre per distinct start
     * @return at most {@code k} unit centres, most populous first
     */
    public static List<float[]> cluster(List<float[]> vectors, int k, int iterations, long seed) {
        if (vectors.isEmpty() || k < 1) {
            return List.of();
        }
        Random random = new Random(seed);
        List<float[]> centres = seeds(vectors, Math.min(k, vectors.size()), random);
        int[] assignment = new int[vectors.size()];
        for (int it = 0; it < iterations; it++) {
            boolean changed = assign(vectors, centres, assignment) || it == 0;
            centres = means(vectors, centres, assignment);
            if (!changed) {
                break;
            }
        }
        assign(vectors, centres, assignment);
        int[] sizes = new int[centres.size()];
        for (int a : assignment) {
            sizes[a]++;
        }
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < centres.size(); c++) {
            if (sizes[c] > 0) {
                order.add(c);
            }
        }
        order.sort((a, b) -> sizes[b] != sizes[a] ? Integer.compare(sizes[b], sizes[a]) : Integer.compare(a, b));
        List<float[]> out = new ArrayList<>();
        for (int c : order) {
            out.add(centres.get(c));
        }
        return out;
    }

    /** k-means++ in cosine distance (1 - cos): each next seed drawn with probability proportional to its distance squared. */
    private static List<float[]> seeds(List<float[]> vectors, int k, Random random) {
        List<float[]> centres = new ArrayList<>();
        centres.add(vectors.get(random.nextInt(vectors.size())).clone());
        double[] distance = new double[vectors.size()];
        java.util.Arrays.fill(distance, Double.POSITIVE_INFINITY);
        while (centres.size() < k) {
            float[] last = centres.get(centres.size() - 1);
            double total = 0;
            for (int i = 0; i < vectors.size(); i++) {
                double d = Math.max(0, 1 - dot(vectors.get(i), last));
                distance[i] = Math.min(distance[i], d * d);
                total += distance[i];
            }
            if (total <= 0) {
                break;
            }
            double pick = random.nextDouble() * total;
            int chosen = vectors.size() - 1;
            for (int i = 0; i < vectors.size(); i++) {
                pick -= distance[i];
                if (pick <= 0) {
                    chosen = i;
                    break;
                }
            }
            centres.add(vectors.get(chosen).clone());
        }
        return centres;
    }

    private static boolean assign(List<float[]> vectors, List<float[]> centres, int[] assignment) {
        boolean changed = false;
        for (int i = 0; i < vectors.size(); i++) {
            float[] v = vectors.get(i);
            int best = 0;
            double bestDot = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < centres.size(); c++) {
                double d = dot(v, centres.get(c));
                if (d > bestDot) {
                    bestDot = d;
                    best = c;
                }
            }
            changed |= assignment[i] != best;
            assignment[i] = best;
        }
        return changed;
    }

    /** Normalised member means; a centre left without members keeps its place. */
    private static List<float[]> means(List<float[]> vectors, List<float[]> centres, int[] assignment) {
        int dim = vectors.get(0).length;
        double[][] sums = new double[centres.size()][dim];
        for (int i = 0; i < vectors.size(); i++) {
            float[] v = vectors.get(i);
            double[] s = sums[assignment[i]];
            for (int j = 0; j < dim; j++) {
                s[j] += v[j];
            }
        }
        List<float[]> out = new ArrayList<>();
        for (int c = 0; c < centres.size(); c++) {
            float[] unit = normalised(sums[c]);
            out.add(unit == null ? centres.get(c) : unit);
        }
        return out;
    }

    /** Unit vector along {@code v}, or null for a zero vector. */
    public static float[] normalised(double[] v) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        if (norm <= 0) {
            return null;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = (float) (v[j] / norm);
        }
        return out;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }
}
