package org.sparsesam.core.fewshot;

import java.util.Locale;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.tune.HeadKind;

/** What a few-shot model learns from the annotated images. */
public enum FewShotKind {
    /** Several foreground and background feature prototypes that stand in for clicks. */
    PROTOTYPES(null, 0),
    /** A per-pixel logistic regression on the features (the test-time linear head, trained on K images). */
    LINEAR(HeadKind.LINEAR, 0.03),
    /** The small convolutional head of test-time tuning, trained on K images. */
    CNN(HeadKind.CONV, 0.01);

    /**
     * The kind trained when none is named (train --head, evaluate --fewshot, the Train dialog and its macro key):
     * linear, the kind that held MoNuSeg Dice >= 0.78 and GlaS >= 0.80 with K = 4 and no clicks on every seed
     * measured, where prototypes fell to 0.77 on MoNuSeg (README, "Few-shot accuracy"). A string, so that
     * annotations can name it.
     */
    public static final String DEFAULT_KEY = "linear";

    private final HeadKind head;
    private final double learningRate;

    FewShotKind(HeadKind head, double learningRate) {
        this.head = head;
        this.learningRate = learningRate;
    }

    /** The head trained, or null for prototypes. */
    public HeadKind head() {
        return head;
    }

    /**
     * Adam's step size for training on K images' true masks, which the few-shot figures were measured with: not
     * the test-time default ({@link HeadKind#defaultLearningRate}), which is set for 50 steps on one pseudo-label.
     */
    public double learningRate() {
        return learningRate;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of {@link #DEFAULT_KEY}. */
    public static FewShotKind defaultKind() {
        return parse(DEFAULT_KEY);
    }

    public static FewShotKind parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "prototypes", "prototype" -> PROTOTYPES;
            case "linear" -> LINEAR;
            case "cnn", "conv" -> CNN;
            default -> throw new SparseSamException("head is '" + text + "': use prototypes, linear or cnn.");
        };
    }
}
