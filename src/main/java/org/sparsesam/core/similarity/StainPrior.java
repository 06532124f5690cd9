package org.sparsesam.core.similarity;

import java.util.ArrayList;
import java.util.List;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.prompt.Point;

/**
 * What the stain alone says is foreground, calibrated by the clicks. A click-free stain threshold is a
 * strong baseline on H&amp;E (nuclei are haematoxylin-dense; gland epithelium is eosin-dense), while
 * classifiers learned from a handful of clicks drift: clicks sit at object centres and far out in the
 * background, so they say little about boundaries. The clicks are used here for what they do say
 * reliably: which stain, in which polarity and at which scale, marks the clicked structures.
 *
 * <p>Each candidate (see {@link StainScales}) is scored first by how well it ranks the foreground clicks
 * above the background clicks (the Mann-Whitney AUC: threshold-free, so a plane that separates the clicks
 * cleanly wins even if Otsu's global threshold cuts a few of them wrongly); among those that rank about as
 * well as the best, the finest scale wins, since it keeps the most boundary detail, and at that scale the
 * stain that separates the clicks most clearly. The stain-dense polarity is the default and the pale one must
 * be asked for clearly (see {@link #choose}).
 *
 * @param candidate the chosen stain, polarity and scale
 * @param ranking   fraction of (foreground, background) click pairs it orders correctly
 * @param agreement fraction of clicks on the right side of its threshold
 * @param margin    how far the clicks lie on their sides of the threshold: the mean over clicks of the signed
 *                  distance (foreground above, background below) in units of the plane's spread, each clipped to
 *                  [-1, 1] so that one click on a very dark spot does not outweigh the rest; decides between stains
 *                  that rank the clicks about equally. 0 without clicks of both kinds
 */
public record StainPrior(StainScales.Candidate candidate, double ranking, double agreement, double margin) {

    /**
     * A coarser scale must rank the clicks better than a finer one by more than this to be chosen: with ten
     * clicks one badly placed background click (25 pairs, 4% each) should not trade nuclear boundaries for
     * smoothness.
     */
    static final double RANKING_TOLERANCE = 0.1;

    /** How sharply the soft prior turns from background to foreground, in standard deviations. */
    static final double SOFTNESS = 0.25;

    public static StainPrior fromClicks(RasterImage image, List<Point> points) {
        return choose(StainScales.of(image), points);
    }

    /**
     * First the polarity, then the scale. Stain-dense structures (nuclei, epithelium) are what H&amp;E shows as
     * objects, so a pale reading (an inverted candidate: lumen, fat, vessels) is taken only when its best ranking
     * beats the stain-dense one's by at least the share of pairs that one foreground click holds. Foreground
     * clicks that land on pale parts by chance (a random click in a gland often falls in its lumen) then tip the
     * choice only when they are the majority; a single foreground click on fat still gets the pale reading.
     * Then, among candidates of that polarity, the finest-scale one whose ranking is within
     * {@link #RANKING_TOLERANCE} of the best. At that scale, of the stains that rank within the tolerance, the one
     * that puts the clicks further on their sides of its threshold ({@link #margin}). With ten clicks the ranking is
     * coarse (25 pairs): one background click on a pale spot lets eosin order every pair of a nuclei image while
     * haematoxylin misses one, though haematoxylin separates the clicks far more clearly; and epithelium clicked in a
     * gland can be more eosin- than haematoxylin-dense. Neither a pair more nor a fixed order of stains should decide.
     */
    public static StainPrior choose(StainScales scales, List<Point> points) {
        return best(candidates(scales, points), points);
    }

    private static StainPrior best(List<StainPrior> scored, List<Point> points) {
        long foreground = points.stream().filter(Point::isForeground).count();
        double oneClick = foreground == 0 ? 1 : 1.0 / foreground;
        double dense = bestRanking(scored, 1), pale = bestRanking(scored, -1);
        int polarity = pale >= dense + oneClick - 1e-9 ? -1 : 1;
        List<StainPrior> ofPolarity = scored.stream().filter(s -> s.candidate.polarity() == polarity).toList();
        double bestRanking = polarity > 0 ? dense : pale;
        StainPrior best = null;
        for (StainPrior s : ofPolarity) {
            if (s.ranking >= bestRanking - RANKING_TOLERANCE - 1e-9 && (best == null || s.candidate.sigma() < best.candidate.sigma()
                    || (s.candidate.sigma() == best.candidate.sigma() && s.margin > best.margin + 1e-9))) {
                best = s;
            }
        }
        return best;
    }

    private static double bestRanking(List<StainPrior> scored, int polarity) {
        return scored.stream().filter(s -> s.candidate.polarity() == polarity).mapToDouble(StainPrior::ranking).max().orElse(0);
    }

    /** Every candidate for this image, in a fixed order (finest scale first), each scored against {@code points}. */
    public static List<StainPrior> candidates(RasterImage image, List<Point> points) {
        return candidates(StainScales.of(image), points);
    }

    public static List<StainPrior> candidates(StainScales scales, List<Point> points) {
        List<StainPrior> scored = new ArrayList<>();
        for (StainScales.Candidate c : scales.candidates()) {
            scored.add(score(c, signedAtClicks(c, points), points));
        }
        return scored;
    }

    /**
     * As {@link #choose(StainScales, List)} for candidates whose planes are not held whole (a tiled run): each
     * candidate comes with its signed values at the clicks, sampled tile by tile, and its whole-image threshold.
     */
    public static StainPrior choose(List<StainScales.Candidate> candidates, List<float[]> signedAtClicks, List<Point> points) {
        List<StainPrior> scored = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            scored.add(score(candidates.get(i), signedAtClicks.get(i), points));
        }
        return best(scored, points);
    }

    private static float[] signedAtClicks(StainScales.Candidate c, List<Point> points) {
        float[] values = new float[points.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = c.signedAt(points.get(i).x(), points.get(i).y());
        }
        return values;
    }

    /** The candidate a trained model recorded by name, thresholded on this image. */
    public static StainPrior named(RasterImage image, String name) {
        return named(StainScales.of(image), image.isRgb(), name);
    }

    /** As {@link #named(RasterImage, String)}, on stain scales computed before. */
    public static StainPrior named(StainScales scales, boolean rgb, String name) {
        List<StainPrior> candidates = candidates(scales, List.of());
        for (StainPrior c : candidates) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new SparseSamException("The model's stain prior is '" + name + "', which this " + (rgb ? "RGB" : "grey")
                + " image does not have (it has " + candidates.stream().map(StainPrior::name).toList()
                + "): apply the model to images of the kind it was trained on (RGB or grey).");
    }

    /** True where this candidate says foreground: above its threshold. */
    public boolean[] foreground() {
        float[] s = candidate.smoothed().data();
        int polarity = candidate.polarity();
        float threshold = candidate.threshold();
        boolean[] out = new boolean[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = polarity * s[i] > threshold;
        }
        return out;
    }

    private static StainPrior score(StainScales.Candidate c, float[] signed, List<Point> points) {
        int agree = 0;
        int pairs = 0;
        double ordered = 0;
        double margin = 0;
        double spread = Math.max(1e-6, c.spread());
        for (int i = 0; i < signed.length; i++) {
            Point p = points.get(i);
            float v = signed[i];
            if ((v > c.threshold()) == p.isForeground()) {
                agree++;
            }
            double side = (v - c.threshold()) / spread;
            margin += (p.isForeground() ? 1 : -1) * Math.max(-1, Math.min(1, side));
            if (p.isForeground()) {
                for (int j = 0; j < signed.length; j++) {
                    Point q = points.get(j);
                    if (!q.isForeground()) {
                        float w = signed[j];
                        ordered += v > w ? 1 : v == w ? 0.5 : 0;
                        pairs++;
                    }
                }
            }
        }
        // With clicks of one kind only there is nothing to rank and no contrast to measure: how far foreground clicks
        // lie above a threshold says little (nuclei lie above the eosin threshold too). Every candidate then ranks 0
        // with margin 0, so the finest scale is taken and, of its stains, the first listed: haematoxylin.
        if (pairs == 0) {
            return new StainPrior(c, 0, points.isEmpty() ? 0 : agree / (double) points.size(), 0);
        }
        return new StainPrior(c, ordered / pairs, agree / (double) points.size(), margin / points.size());
    }

    public String name() {
        return candidate.name();
    }

    /** Soft prior in [0, 1]: 0.5 at the threshold. */
    public FloatPlane probability() {
        FloatPlane smoothed = candidate.smoothed();
        FloatPlane out = new FloatPlane(smoothed.width(), smoothed.height());
        float[] o = out.data(), s = smoothed.data();
        int polarity = candidate.polarity();
        float threshold = candidate.threshold();
        double scale = Math.max(1e-6, candidate.spread() * SOFTNESS);
        for (int i = 0; i < o.length; i++) {
            o[i] = SelfSimilarity.logistic((polarity * s[i] - threshold) / scale);
        }
        return out;
    }
}
