package org.sparsesam.core.refine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.encode.sam.SamDecoder;
import org.sparsesam.core.encode.sam.SamEmbedding;
import org.sparsesam.core.encode.sam.SamPrediction;
import org.sparsesam.core.encode.sam.SamPrompt;
import org.sparsesam.core.encode.sam.TiledEmbedding;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.core.prompt.MaskPrompts;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.core.prompt.RegionPrompt;

/**
 * SAM's decoder as the last step of segmentation. Refine: every object of the initial segmentation becomes
 * a prompt (its box, points inside and around it, {@link MaskPrompts}) and the decoder's mask replaces it.
 * Clicks: every foreground click alone, with the background clicks as negatives, becomes a prompt, as
 * point-prompt SAM tools do. Either way the masks overlap where prompts meet the same structure, so they
 * are resolved by score with {@link ContainmentNms} and painted into one label image.
 */
public final class DecoderRefinement {

    /**
     * @param labels      objects 1..N
     * @param probability the decoder's foreground probability of the kept masks
     * @param prompts     prompts sent to the decoder
     * @param unanswered  prompts whose mask held none of their positive points (no candidate)
     * @param suppressed  candidates removed as duplicates or nested masks
     * @param dropped     kept masks dropped after overlaps: too small, or their prompt point went to a better mask
     * @param objects     objects in {@code labels}: one per prompt that none of the above removed
     */
    public record Outcome(LabelImage labels, FloatPlane probability, int prompts, int unanswered, int suppressed, int dropped,
                          int objects) {

        /** One line for the user: what the decoder did with the prompts. */
        public String summary(String mode) {
            return String.format(Locale.ROOT, "SAM decoder (%s): %d prompts, %d objects; %d masks missed their prompt, "
                    + "%d duplicate or nested masks removed, %d lost to overlaps", mode, prompts, objects, unanswered,
                    suppressed, dropped);
        }
    }

    private final SamDecoder decoder;
    private final MaskPrompts prompts;
    private final ContainmentNms nms;

    public DecoderRefinement(SamDecoder decoder, MaskPrompts.Settings promptSettings, ContainmentNms nms) {
        this.decoder = decoder;
        this.prompts = new MaskPrompts(promptSettings);
        this.nms = nms;
    }

    public DecoderRefinement(SamDecoder decoder) {
        this(decoder, MaskPrompts.Settings.defaults(), ContainmentNms.defaults());
    }

    /** Replaces every object of {@code objects} by the decoder's mask for the prompts derived from it. */
    public Outcome refine(SamEmbedding embedding, LabelImage objects, int minArea, Progress progress, CancelToken cancel) {
        return refine(TiledEmbedding.whole(embedding), objects, minArea, progress, cancel);
    }

    /**
     * {@link #refine(SamEmbedding, LabelImage, int, Progress, CancelToken)} on a large image's tiles: each
     * object is decoded on the tile that holds its box ({@link TiledEmbedding#tileFor}).
     */
    public Outcome refine(TiledEmbedding embedding, LabelImage objects, int minArea, Progress progress, CancelToken cancel) {
        List<RegionPrompt> regions = prompts.fromLabels(objects);
        List<MaskCandidate> candidates = new ArrayList<>();
        for (int i = 0; i < regions.size(); i++) {
            cancel.throwIfCancelled();
            progress.report("SAM decoder", i / (double) regions.size());
            RegionPrompt r = regions.get(i);
            double[] b = r.box();
            SamPrompt prompt = SamPrompt.of(r.points()).withBox(b[0], b[1], b[2], b[3]);
            decode(candidates, i, embedding.tileFor(b[0], b[1], b[2], b[3]), prompt, r.positives());
        }
        return resolve(candidates, regions.size(), objects.width(), objects.height(), minArea);
    }

    /** One decoder mask per foreground click, the background clicks acting as negatives of every prompt. */
    public Outcome clicks(SamEmbedding embedding, List<Point> points, int minArea, Progress progress, CancelToken cancel) {
        return clicks(TiledEmbedding.whole(embedding), points, minArea, progress, cancel);
    }

    /**
     * {@link #clicks(SamEmbedding, List, int, Progress, CancelToken)} on a large image's tiles: each click is
     * decoded on the tile whose own cells hold it, with the background clicks that lie in that tile.
     */
    public Outcome clicks(TiledEmbedding embedding, List<Point> points, int minArea, Progress progress, CancelToken cancel) {
        List<Point> negatives = points.stream().filter(p -> !p.isForeground()).toList();
        List<Point> positives = points.stream().filter(Point::isForeground).toList();
        List<MaskCandidate> candidates = new ArrayList<>();
        for (int i = 0; i < positives.size(); i++) {
            cancel.throwIfCancelled();
            progress.report("SAM decoder", i / (double) positives.size());
            List<Point> prompt = new ArrayList<>();
            prompt.add(positives.get(i));
            prompt.addAll(negatives);
            Point click = positives.get(i);
            decode(candidates, i, embedding.tileFor(click.x(), click.y(), click.x(), click.y()), SamPrompt.of(prompt), List.of(click));
        }
        return resolve(candidates, positives.size(), embedding.imageWidth(), embedding.imageHeight(), minArea);
    }

    /** Decodes {@code prompt} (image coordinates) on {@code tile} and adds its mask, back in image coordinates. */
    private void decode(List<MaskCandidate> candidates, int source, TiledEmbedding.Tile tile, SamPrompt prompt, List<Point> anchors) {
        SamPrediction prediction = decoder.predict(tile.embedding(), tile.toTile(prompt));
        int best = prediction.bestIndex();
        int[] window = prediction.maskWindow(best);
        if (window == null) {
            return; // an empty mask
        }
        // Only the window that can hold the mask is upscaled: one object per prompt, on images of millions of pixels.
        MaskCandidate c = MaskCandidate.fromLogits(source, prediction.score(best),
                prediction.maskLogits(best, window[0], window[1], window[2], window[3]),
                tile.originX() + window[0], tile.originY() + window[1], anchors);
        if (c != null) {
            candidates.add(c);
        }
    }

    private Outcome resolve(List<MaskCandidate> candidates, int promptCount, int width, int height, int minArea) {
        List<MaskCandidate> ranked = nms.select(candidates).stream().map(candidates::get).toList();
        CandidateLabels painted = CandidateLabels.paint(ranked, width, height, minArea);
        return new Outcome(painted.labels(), painted.probability(), promptCount, promptCount - candidates.size(),
                candidates.size() - ranked.size(), painted.dropped(), painted.accepted());
    }
}
