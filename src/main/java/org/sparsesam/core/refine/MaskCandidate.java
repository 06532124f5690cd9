package org.sparsesam.core.refine;

import java.util.List;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.instance.BinaryMask;
import org.sparsesam.core.instance.BinaryMorphology;
import org.sparsesam.core.prompt.Point;

/**
 * One object mask proposed by the decoder, held as a crop around it so that hundreds of them fit in memory
 * on a large image: the mask and its foreground probability inside the box [x0, x0 + width) x [y0, y0 + height).
 *
 * @param source      index of the prompt that produced it
 * @param score       the decoder's predicted IoU of the mask
 * @param seedX       image x of the prompt point the mask was kept for (the first positive point inside it)
 * @param seedY       image y of that point
 * @param mask        row-major over the box
 * @param probability sigmoid of the decoder's logits over the box, row-major
 */
public record MaskCandidate(int source, float score, int seedX, int seedY, int x0, int y0, int width, int height, boolean[] mask,
                            float[] probability) {

    public MaskCandidate {
        if (width <= 0 || height <= 0 || mask.length != width * height || probability.length != mask.length) {
            throw new IllegalArgumentException("a candidate's mask and probability cover its " + width + "x" + height + " box");
        }
        if (!contains(seedX, seedY, x0, y0, width, height, mask)) {
            throw new IllegalArgumentException("a candidate's seed (" + seedX + ", " + seedY + ") lies in its mask");
        }
    }

    /**
     * The decoder's mask (logits above 0, SAM's threshold) reduced to the parts that hold one of the
     * {@code anchors} (the prompt's positive points: a mask part that none of them lies in belongs to some
     * other structure), with holes filled. Null when no anchor lies in the mask: the decoder did not answer
     * the prompt it was given.
     */
    public static MaskCandidate fromLogits(int source, float score, FloatPlane logits, List<Point> anchors) {
        return fromLogits(source, score, logits, 0, 0, anchors);
    }

    /** The same for logits over the image window from ({@code offsetX}, {@code offsetY}) on; anchors in image pixels. */
    public static MaskCandidate fromLogits(int source, float score, FloatPlane logits, int offsetX, int offsetY, List<Point> anchors) {
        int w = logits.width(), h = logits.height();
        float[] v = logits.data();
        boolean[] kept = new boolean[v.length];
        int[] stack = new int[v.length];
        int x0 = w, y0 = h, x1 = -1, y1 = -1, seed = -1;
        for (Point a : anchors) {
            int ax = (int) Math.round(a.x()) - offsetX, ay = (int) Math.round(a.y()) - offsetY;
            if (ax < 0 || ay < 0 || ax >= w || ay >= h || !(v[ay * w + ax] > 0) || kept[ay * w + ax]) {
                continue;
            }
            if (seed < 0) {
                seed = ay * w + ax;
            }
            int top = 0;
            stack[top++] = ay * w + ax;
            kept[ay * w + ax] = true;
            while (top > 0) {
                int p = stack[--top];
                int px = p % w, py = p / w;
                x0 = Math.min(x0, px);
                y0 = Math.min(y0, py);
                x1 = Math.max(x1, px);
                y1 = Math.max(y1, py);
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = px + dx, ny = py + dy;
                        if (nx >= 0 && ny >= 0 && nx < w && ny < h) {
                            int n = ny * w + nx;
                            if (!kept[n] && v[n] > 0) {
                                kept[n] = true;
                                stack[top++] = n;
                            }
                        }
                    }
                }
            }
        }
        if (x1 < 0) {
            return null;
        }
        int cw = x1 - x0 + 1, ch = y1 - y0 + 1;
        boolean[] crop = new boolean[cw * ch];
        float[] probability = new float[cw * ch];
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                int i = (y0 + y) * w + x0 + x;
                crop[y * cw + x] = kept[i];
                probability[y * cw + x] = (float) (1 / (1 + Math.exp(-v[i])));
            }
        }
        boolean[] filled = BinaryMorphology.fillHoles(new BinaryMask(cw, ch, crop)).data();
        return new MaskCandidate(source, score, offsetX + seed % w, offsetY + seed / w, offsetX + x0, offsetY + y0, cw, ch, filled,
                probability);
    }

    /** Whether image pixel (x, y) is in the mask. */
    public boolean contains(int x, int y) {
        return contains(x, y, x0, y0, width, height, mask);
    }

    private static boolean contains(int x, int y, int x0, int y0, int width, int height, boolean[] mask) {
        int cx = x - x0, cy = y - y0;
        return cx >= 0 && cy >= 0 && cx < width && cy < height && mask[cy * width + cx];
    }

    public int area() {
        int n = 0;
        for (boolean b : mask) {
            if (b) {
                n++;
            }
        }
        return n;
    }

    /** Whether the two boxes share a pixel: no mask overlap without it. */
    boolean boxesMeet(MaskCandidate o) {
        return x0 < o.x0 + o.width && o.x0 < x0 + width && y0 < o.y0 + o.height && o.y0 < y0 + height;
    }

    /** Pixels in both masks. */
    public int intersection(MaskCandidate other) {
        int ix0 = Math.max(x0, other.x0), iy0 = Math.max(y0, other.y0);
        int ix1 = Math.min(x0 + width, other.x0 + other.width), iy1 = Math.min(y0 + height, other.y0 + other.height);
        int n = 0;
        for (int y = iy0; y < iy1; y++) {
            for (int x = ix0; x < ix1; x++) {
                if (mask[(y - y0) * width + x - x0] && other.mask[(y - other.y0) * other.width + x - other.x0]) {
                    n++;
                }
            }
        }
        return n;
    }
}
