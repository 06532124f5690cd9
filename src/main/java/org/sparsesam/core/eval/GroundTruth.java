package org.sparsesam.core.eval;

import org.sparsesam.core.instance.LabelImage;

/** Ground-truth masks as objects: deciding whether a mask holds instance labels, and splitting binary masks. */
public final class GroundTruth {
    private GroundTruth() {}

    /**
     * True when the mask holds more than one distinct non-zero value, i.e. it is an instance label image.
     * A dataset is instance-labelled when any of its masks is: a binary-looking mask with a single object
     * can occur in an instance dataset, never the other way round.
     */
    public static boolean hasSeveralObjectValues(LabelImage mask) {
        int first = 0;
        for (int v : mask.data()) {
            if (v != 0) {
                if (first == 0) {
                    first = v;
                } else if (v != first) {
                    return true;
                }
            }
        }
        return false;
    }

    public static boolean isEmpty(LabelImage mask) {
        for (int v : mask.data()) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    /** The objects of a mask: the labels themselves for instance masks, 8-connected components for binary ones. */
    public static LabelImage objects(LabelImage mask, GtKind kind) {
        return kind == GtKind.INSTANCE ? mask : components(mask);
    }

    /**
     * 8-connected components of the foreground, labelled 1..N in raster order of their first pixel.
     * TODO(lead): replace with core/instance/ConnectedComponents once that branch is merged; kept private
     * here so that evaluation does not wait for it.
     */
    static LabelImage components(LabelImage mask) {
        int w = mask.width(), h = mask.height();
        int[] in = mask.data();
        int[] out = new int[in.length];
        int[] stack = new int[in.length];
        int next = 0;
        for (int start = 0; start < in.length; start++) {
            if (in[start] == 0 || out[start] != 0) {
                continue;
            }
            int label = ++next;
            int top = 0;
            stack[top++] = start;
            out[start] = label;
            while (top > 0) {
                int k = stack[--top];
                int x = k % w, y = k / w;
                for (int dy = -1; dy <= 1; dy++) {
                    int yy = y + dy;
                    if (yy < 0 || yy >= h) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        int q = yy * w + xx;
                        if (xx >= 0 && xx < w && in[q] != 0 && out[q] == 0) {
                            out[q] = label;
                            stack[top++] = q;
                        }
                    }
                }
            }
        }
        return new LabelImage(w, h, out);
    }
}
