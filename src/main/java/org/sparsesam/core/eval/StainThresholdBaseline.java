package org.sparsesam.core.eval;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.BinaryMask;
import org.sparsesam.core.instance.InstanceSplitter;
import org.sparsesam.core.instance.Instances;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.core.instance.ObjectScale;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.core.similarity.StainScales;

/**
 * The click-free floor that the clicks must beat: one stain plane chosen by the person running the
 * evaluation (haematoxylin for nuclei, eosin for glands), Gaussian sigma 1.5, Otsu, then the pipeline's own
 * clean-up and watershed at the typical size of what the threshold found. It ignores the clicks, so that an
 * evaluation of it beside the method on the same images, metrics and seeds shows what the clicks add.
 */
public final class StainThresholdBaseline implements Segmenter {
    /** The finest scale of the stain prior: smooths chromatin texture, keeps nuclear boundaries. */
    static final double SIGMA = 1.5;

    public enum Stain {
        HAEMATOXYLIN("haematoxylin"), EOSIN("eosin");

        private final String key;

        Stain(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public static Stain parse(String text) {
            for (Stain s : values()) {
                if (s.key.equalsIgnoreCase(text) || s.key.substring(0, 1).equalsIgnoreCase(text)) {
                    return s;
                }
            }
            throw new SparseSamException("Unknown baseline stain '" + text + "': use haematoxylin (nuclei) or eosin (glands).");
        }
    }

    private final Stain stain;

    public StainThresholdBaseline(Stain stain) {
        this.stain = stain;
    }

    @Override
    public SegmentResult segment(RasterImage image, List<Point> points, Progress progress, CancelToken cancel) {
        if (!image.isRgb()) {
            throw new SparseSamException("The stain-threshold baseline needs an RGB H&E image: this one is grey.");
        }
        StainScales.Candidate plane = StainScales.of(image).candidates().stream()
                .filter(c -> c.sigma() == SIGMA && c.polarity() > 0 && c.name().startsWith(stain.key()))
                .findFirst().orElseThrow();
        cancel.throwIfCancelled();
        float[] s = plane.smoothed().data();
        boolean[] above = new boolean[s.length];
        for (int i = 0; i < s.length; i++) {
            above[i] = s[i] > plane.threshold();
        }
        BinaryMask mask = new BinaryMask(image.width(), image.height(), above);
        ObjectScale scale = new ObjectScale(InstanceSplitter.typicalRadius(mask), 0);
        LabelImage labels = scale.toInstances(mask, null, scale.minArea(), true);
        FloatPlane probability = new FloatPlane(image.width(), image.height());
        float[] p = probability.data();
        for (int i = 0; i < p.length; i++) {
            p[i] = above[i] ? 1 : 0;
        }
        String note = String.format(Locale.ROOT, "baseline: %s, sigma %.1f, Otsu; typical radius %.1f px", stain.key(), SIGMA, scale.radius());
        return new SegmentResult(labels, probability, Instances.describe(labels, probability), List.of(note), Map.of());
    }
}
