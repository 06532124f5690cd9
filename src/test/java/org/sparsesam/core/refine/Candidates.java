package org.sparsesam.core.refine;

/** Hand-made decoder masks for the refine tests. */
final class Candidates {
    private Candidates() {}

    /** A filled rectangle [x0, x1] x [y0, y1] (inclusive) with probability p inside, 0 around; seed at its centre. */
    static MaskCandidate rect(int source, float score, int x0, int y0, int x1, int y1, float p) {
        int w = x1 - x0 + 1, h = y1 - y0 + 1;
        boolean[] mask = new boolean[w * h];
        float[] probability = new float[w * h];
        java.util.Arrays.fill(mask, true);
        java.util.Arrays.fill(probability, p);
        return new MaskCandidate(source, score, x0 + w / 2, y0 + h / 2, x0, y0, w, h, mask, probability);
    }

    /** The same with its seed (the prompt point it was kept for) at (seedX, seedY). */
    static MaskCandidate rect(int source, float score, int x0, int y0, int x1, int y1, int seedX, int seedY) {
        MaskCandidate c = rect(source, score, x0, y0, x1, y1, 0.9f);
        return new MaskCandidate(source, score, seedX, seedY, x0, y0, c.width(), c.height(), c.mask(), c.probability());
    }

    static MaskCandidate rect(int source, float score, int x0, int y0, int x1, int y1) {
        return rect(source, score, x0, y0, x1, y1, 0.9f);
    }
}
