package org.sparsesam.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.eval.Segmenter;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.LabelImage;

/**
 * A stand-in for SparseSam in CLI tests: dark-green pixels (the synthetic nuclei) as 8-connected objects.
 * It answers the synthetic images exactly, so command tests can check files and formats without the pipeline.
 */
final class ThresholdSegmenter {
    private ThresholdSegmenter() {}

    static final Segmenter INSTANCE = (image, points, progress, cancel) -> {
        LabelImage labels = label(image);
        return new SegmentResult(labels, image.channel(0), List.of(), new ArrayList<>(), Map.of("threshold", 0.5));
    };

    private static LabelImage label(RasterImage image) {
        int w = image.width(), h = image.height();
        float[] green = image.channel(image.isRgb() ? 1 : 0).data();
        int[] out = new int[w * h];
        int[] stack = new int[w * h];
        int next = 0;
        for (int s = 0; s < out.length; s++) {
            if (green[s] >= 115 || out[s] != 0) {
                continue;
            }
            out[s] = ++next;
            int top = 0;
            stack[top++] = s;
            while (top > 0) {
                int k = stack[--top], x = k % w, y = k / w;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx, yy = y + dy, q = yy * w + xx;
                        if (xx >= 0 && yy >= 0 && xx < w && yy < h && green[q] < 115 && out[q] == 0) {
                            out[q] = next;
                            stack[top++] = q;
                        }
                    }
                }
            }
        }
        return new LabelImage(w, h, out);
    }
}
