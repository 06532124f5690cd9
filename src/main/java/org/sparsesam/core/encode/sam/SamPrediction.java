package org.sparsesam.core.encode.sam;

import org.sparsesam.core.image.FloatPlane;

/**
 * The SAM decoder's answer to one prompt: {@code maskCount} low-resolution mask logits with their
 * predicted IoU. Index 0 is SAM's single-mask output; 1..3 are its three multimask candidates.
 */
public final class SamPrediction {
    private final FloatPlane[] lowResLogits;
    private final float[] scores;
    private final SamFrame frame;
    private final int promptPoints;

    SamPrediction(FloatPlane[] lowResLogits, float[] scores, SamFrame frame, int promptPoints) {
        this.lowResLogits = lowResLogits;
        this.scores = scores;
        this.frame = frame;
        this.promptPoints = promptPoints;
    }

    public int maskCount() {
        return lowResLogits.length;
    }

    /** The decoder's predicted IoU of mask {@code i}. */
    public float score(int i) {
        return scores[i];
    }

    /** Logits at the decoder's resolution (4 x the embedding) over the padded frame: the mask input of a later prompt. */
    public FloatPlane lowResLogits(int i) {
        return lowResLogits[i];
    }

    /** Logits of mask {@code i} at image resolution, upscaled exactly as SAM does. */
    public FloatPlane maskLogits(int i) {
        return MaskUpscaler.toImage(lowResLogits[i], frame);
    }

    /** The window [x0, x0 + width) x [y0, y0 + height) of {@link #maskLogits(int)}, equal to it, computed alone. */
    public FloatPlane maskLogits(int i, int x0, int y0, int width, int height) {
        if (x0 < 0 || y0 < 0 || width <= 0 || height <= 0 || x0 + width > frame.imageWidth() || y0 + height > frame.imageHeight()) {
            throw new IllegalArgumentException("window " + x0 + "," + y0 + " " + width + "x" + height + " is not inside the "
                    + frame.imageWidth() + "x" + frame.imageHeight() + " image");
        }
        return MaskUpscaler.toImageWindow(lowResLogits[i], frame, x0, y0, width, height);
    }

    /**
     * {x0, y0, width, height}: an image window outside which mask {@code i} is empty (it may hold more than the
     * mask, never less), or null when the mask is empty everywhere.
     */
    public int[] maskWindow(int i) {
        return MaskUpscaler.positiveWindow(lowResLogits[i], frame);
    }

    /** Mask {@code i} at image resolution, row-major: logits above 0, SAM's threshold. */
    public boolean[] mask(int i) {
        float[] logits = maskLogits(i).data();
        boolean[] out = new boolean[logits.length];
        for (int j = 0; j < logits.length; j++) {
            out[j] = logits[j] > 0f;
        }
        return out;
    }

    /**
     * The mask SAM's ONNX model would return in single-mask mode (SamOnnxModel.select_masks): when the
     * prompt is ambiguous (two points sent, i.e. one click plus padding, or a box alone) the best-scored
     * multimask candidate, otherwise the single-mask output.
     */
    public int bestIndex() {
        if (lowResLogits.length == 1 || promptPoints > 2) {
            return 0;
        }
        int best = 1;
        for (int i = 2; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }

    public SamFrame frame() {
        return frame;
    }
}
