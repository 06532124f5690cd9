package org.sparsesam.core.fewshot;

import java.util.List;
import org.sparsesam.core.instance.BinaryMask;
import org.sparsesam.core.instance.InstanceSplitter;
import org.sparsesam.core.instance.LabelImage;

/**
 * The typical size of annotated objects: the median over images of their median inscribed radius, measured
 * with the borders between touching instances cut so that touching nuclei count as two discs, not one blob.
 */
final class ObjectRadius {
    private ObjectRadius() {}

    static double median(List<LabelImage> objects) {
        double[] radii = objects.stream().mapToDouble(o -> InstanceSplitter.typicalRadius(bordersCut(o)))
                .filter(r -> r > 0).sorted().toArray();
        if (radii.length == 0) {
            return 0;
        }
        int n = radii.length;
        return n % 2 == 1 ? radii[n / 2] : 0.5 * (radii[n / 2 - 1] + radii[n / 2]);
    }

    /** Foreground pixels with no 4-neighbour of another object. */
    static BinaryMask bordersCut(LabelImage labels) {
        int w = labels.width(), h = labels.height();
        int[] l = labels.data();
        boolean[] out = new boolean[l.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x, v = l[i];
                out[i] = v != 0 && !differs(l, v, x > 0 ? i - 1 : -1) && !differs(l, v, x < w - 1 ? i + 1 : -1)
                        && !differs(l, v, y > 0 ? i - w : -1) && !differs(l, v, y < h - 1 ? i + w : -1);
            }
        }
        return new BinaryMask(w, h, out);
    }

    private static boolean differs(int[] l, int v, int j) {
        return j >= 0 && l[j] != 0 && l[j] != v;
    }
}
