package org.sparsesam.core.fewshot;

import org.sparsesam.core.SparseSamException;

/**
 * How a few-shot model is trained; defaults in {@link #defaults(FewShotKind)}.
 *
 * @param kind                prototypes, linear or cnn
 * @param prototypesPerClass  k of the k-means per class (prototypes only)
 * @param samplesPerImage     feature vectors sampled per class and image for the k-means
 * @param iterations          most Adam steps (heads only)
 * @param learningRate        Adam's step size; 0 picks the kind's own ({@link FewShotKind#learningRate})
 * @param seed                seeds sampling, k-means and head initialisation
 */
public record FewShotSettings(FewShotKind kind, int prototypesPerClass, int samplesPerImage, int iterations,
                              double learningRate, long seed) {

    /**
     * Eight per class: enough for the few kinds of background an H&amp;E field has (stroma, lumen, fat, glass,
     * red cells) and for nuclei or glands of several looks, few enough that each stays a typical example.
     */
    public static final int DEFAULT_PROTOTYPES = 8;
    public static final int DEFAULT_SAMPLES = 4000;
    /** As many as test-time tuning may take: K images carry more to learn than one pseudo-label, and the run stops early once learned. */
    public static final int DEFAULT_ITERATIONS = 100;

    public FewShotSettings {
        if (kind == null) {
            throw new SparseSamException("No model kind given: use prototypes, linear or cnn.");
        }
        if (prototypesPerClass < 1 || prototypesPerClass > 256) {
            throw new SparseSamException("prototypes per class is " + prototypesPerClass + ": use 1 to 256 (8 is typical).");
        }
        if (samplesPerImage < 1) {
            throw new SparseSamException("samples per image is " + samplesPerImage + ": use 1 or more.");
        }
        if (iterations < 1) {
            throw new SparseSamException("iterations is " + iterations + ": use 1 or more.");
        }
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new SparseSamException("learning rate is " + learningRate + ": use 0 (the kind's default) or a small positive number.");
        }
    }

    public static FewShotSettings defaults(FewShotKind kind) {
        return new FewShotSettings(kind, DEFAULT_PROTOTYPES, DEFAULT_SAMPLES, DEFAULT_ITERATIONS, 0, 1);
    }

    public FewShotSettings withSeed(long s) {
        return new FewShotSettings(kind, prototypesPerClass, samplesPerImage, iterations, learningRate, s);
    }

    public FewShotSettings withIterations(int n) {
        return new FewShotSettings(kind, prototypesPerClass, samplesPerImage, n, learningRate, seed);
    }

    public FewShotSettings withLearningRate(double rate) {
        return new FewShotSettings(kind, prototypesPerClass, samplesPerImage, iterations, rate, seed);
    }
}
