package org.sparsesam.core.similarity;

import java.util.ArrayList;
import java.util.List;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.prompt.Point;

/**
 * What the self-similarity step compares every location with: unit-length feature vectors for the
 * foreground and the background. Clicks give one each (the mean feature of the click's neighbourhood); a
 * trained few-shot model gives several per class, learned from annotated images. Both go through the same
 * {@link SelfSimilarity#compute(FeatureGrid, Prototypes)}, so the rest of the pipeline does not care which.
 *
 * @param foreground at least one vector for a usable set; all of the same length
 * @param background may be empty: then the foreground similarity is thresholded on its own
 */
public record Prototypes(List<float[]> foreground, List<float[]> background) {

    public Prototypes {
        foreground = List.copyOf(foreground);
        background = List.copyOf(background);
    }

    public static Prototypes fromClicks(FeatureGrid grid, List<Point> points, int neighbourhoodRadiusCells) {
        List<float[]> fg = new ArrayList<>(), bg = new ArrayList<>();
        for (Point p : points) {
            float[] proto = SelfSimilarity.prototype(grid, p, neighbourhoodRadiusCells);
            (p.isForeground() ? fg : bg).add(proto);
        }
        return new Prototypes(fg, bg);
    }

    /** Clicks' prototypes at the click neighbourhood the initial map uses. */
    public static Prototypes fromClicks(FeatureGrid grid, List<Point> points) {
        return fromClicks(grid, points, InitialMap.radiusCells(grid));
    }

    /** Both sets together: clicks added to a trained model's prototypes extend it. */
    public Prototypes plus(Prototypes other) {
        List<float[]> fg = new ArrayList<>(foreground), bg = new ArrayList<>(background);
        fg.addAll(other.foreground);
        bg.addAll(other.background);
        return new Prototypes(fg, bg);
    }

    /** Length of the vectors, or 0 for an empty set. */
    public int channels() {
        return !foreground.isEmpty() ? foreground.get(0).length : background.isEmpty() ? 0 : background.get(0).length;
    }
}
