package org.sparsesam.core.tune;

import java.util.Locale;
import java.util.Random;
import org.sparsesam.core.SparseSamException;

/** Which head test-time tuning trains. */
public enum HeadKind {
    /** 1x1: per-cell logistic regression, the fastest. */
    LINEAR(0.12),
    /** 3x3 conv + ReLU (+ 1x1 + ReLU) + 1x1: sees each cell's neighbours, learns non-linear boundaries. */
    CONV(0.01);

    private final double defaultLearningRate;

    HeadKind(double defaultLearningRate) {
        this.defaultLearningRate = defaultLearningRate;
    }

    /**
     * Adam step size of test-time tuning on standardized features. The linear head's is large because with
     * the narrow default margins it learns slowly (on MoNuSeg, 50 steps of 0.03 kept the last one on most
     * images and lost 0.02 Dice to the untuned map; 0.12 gains a little); the conv head needs a smaller
     * one, larger ones make it overfit the pseudo-label's mistakes sooner. Few-shot training has its own
     * ({@code FewShotKind.learningRate}).
     */
    public double defaultLearningRate() {
        return defaultLearningRate;
    }

    /** A freshly initialized head of this kind for features standardized by {@code standardization}. */
    public Head create(FeatureStandardization standardization, TuneOptions options, Random random) {
        return switch (this) {
            case LINEAR -> new LinearHead(standardization, random);
            case CONV -> new ConvHead(standardization, options.hiddenUnits(), options.convLayers(), random);
        };
    }

    /** Parses "linear" or "conv" as users type them. */
    public static HeadKind parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "linear", "1x1" -> LINEAR;
            case "conv", "convolutional" -> CONV;
            default -> throw new SparseSamException("head is '" + text + "': use linear or conv.");
        };
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
