package org.sparsesam.core.tune.sam;

import java.util.Arrays;
import java.util.List;
import org.sparsesam.core.encode.sam.SamFrame;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.core.tune.PseudoLabel;
import org.sparsesam.core.tune.PseudoLabelSettings;

/**
 * The pseudo-label in the frame of SAM's low-resolution masks ({@code m x m} cells over the padded model
 * input), where the decoder's loss is computed: confident cells of the initial probability map, the clicks
 * as certain labels, and weight 0 for uncertain cells and for the padding, which holds no image.
 */
final class LowResPseudoLabel {
    private LowResPseudoLabel() {}

    /**
     * @param probability image-sized foreground probability in [0, 1] (the initial map)
     * @param m           side of the low-resolution masks (the manifest's lowResMaskSize)
     */
    static PseudoLabel of(FloatPlane probability, List<Point> clicks, SamFrame frame, int m, PseudoLabelSettings settings) {
        if (probability.width() != frame.imageWidth() || probability.height() != frame.imageHeight()) {
            throw new IllegalArgumentException("probability map is " + probability.width() + "x" + probability.height()
                    + " but the image is " + frame.imageWidth() + "x" + frame.imageHeight());
        }
        double cell = (double) frame.inputSize() / m;
        double toImageX = (double) frame.imageWidth() / frame.resizedWidth();
        double toImageY = (double) frame.imageHeight() / frame.resizedHeight();
        float fgAbove = (float) (0.5 + settings.foregroundMargin());
        float bgBelow = (float) (0.5 - settings.backgroundMargin());
        float[] target = new float[m * m], weight = new float[m * m];
        for (int v = 0; v < m; v++) {
            double modelY = (v + 0.5) * cell;
            if (modelY >= frame.resizedHeight()) {
                break; // padding from here down
            }
            for (int u = 0; u < m; u++) {
                double modelX = (u + 0.5) * cell;
                if (modelX >= frame.resizedWidth()) {
                    break;
                }
                // Continuous coordinates scale between frames; pixel centres sit at integers, hence the -0.5.
                float p = probability.sample(modelX * toImageX - 0.5, modelY * toImageY - 0.5);
                int i = v * m + u;
                if (p >= fgAbove) {
                    target[i] = 1;
                    weight[i] = 1;
                } else if (p <= bgBelow) {
                    weight[i] = 1;
                }
            }
        }
        markClicks(clicks, frame, cell, m, settings, target, weight);
        return PseudoLabel.of(m, m, target, weight);
    }

    /** As PseudoLabel does on a feature grid: cells near a click take its label; the nearest click wins. */
    private static void markClicks(List<Point> clicks, SamFrame frame, double cell, int m, PseudoLabelSettings settings,
                                   float[] target, float[] weight) {
        int r = settings.clickRadius();
        float[] nearest = new float[target.length];
        Arrays.fill(nearest, Float.POSITIVE_INFINITY);
        for (Point click : clicks) {
            // Model coordinates of a pixel centre, plus SAM's half-pixel shift, give the continuous position.
            int cu = Math.min(m - 1, (int) Math.floor((frame.toModelX(click.x()) + 0.5) / cell));
            int cv = Math.min(m - 1, (int) Math.floor((frame.toModelY(click.y()) + 0.5) / cell));
            for (int v = Math.max(0, cv - r); v <= Math.min(m - 1, cv + r); v++) {
                for (int u = Math.max(0, cu - r); u <= Math.min(m - 1, cu + r); u++) {
                    int d2 = (u - cu) * (u - cu) + (v - cv) * (v - cv);
                    int i = v * m + u;
                    if (d2 <= r * r && d2 < nearest[i] && (u + 0.5) * cell < frame.resizedWidth()
                            && (v + 0.5) * cell < frame.resizedHeight()) {
                        nearest[i] = d2;
                        target[i] = click.isForeground() ? 1 : 0;
                        weight[i] = (float) settings.clickWeight();
                    }
                }
            }
        }
    }
}
