package org.sparsesam.core.refine;

import java.util.List;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.instance.Instances;
import org.sparsesam.core.instance.LabelImage;

/**
 * Paints the masks kept by {@link ContainmentNms} into a label image. Where kept masks still overlap a
 * little, the pixel goes to the better-ranked one. A mask left with fewer than {@code minArea} pixels of its
 * own is dropped, and so is one whose seed (the prompt point it was kept for) went to a better mask: its
 * prompt pointed at that better mask's object, so it is no object of its own. The probability is, per pixel, the highest decoder probability of the kept masks.
 *
 * @param labels      objects 1..N in raster order, one per accepted mask
 * @param probability decoder foreground probability in [0, 1], 0 away from every kept mask
 * @param accepted    how many masks became objects
 * @param dropped     kept masks dropped: too little of them was left, or their seed went to a better mask
 */
public record CandidateLabels(LabelImage labels, FloatPlane probability, int accepted, int dropped) {

    /** {@code ranked}: the candidates in NMS order, best first. */
    public static CandidateLabels paint(List<MaskCandidate> ranked, int width, int height, int minArea) {
        int[] labels = new int[Math.multiplyExact(width, height)];
        float[] probability = new float[labels.length];
        int[] area = new int[ranked.size() + 1];
        for (int k = 0; k < ranked.size(); k++) {
            MaskCandidate c = ranked.get(k);
            for (int y = 0; y < c.height(); y++) {
                for (int x = 0; x < c.width(); x++) {
                    int j = y * c.width() + x;
                    int i = (c.y0() + y) * width + c.x0() + x;
                    probability[i] = Math.max(probability[i], c.probability()[j]);
                    if (c.mask()[j] && labels[i] == 0) {
                        labels[i] = k + 1;
                        area[k + 1]++;
                    }
                }
            }
        }
        int dropped = 0;
        for (int k = 1; k < area.length; k++) {
            MaskCandidate c = ranked.get(k - 1);
            if (area[k] < Math.max(1, minArea) || labels[c.seedY() * width + c.seedX()] != k) {
                dropped++;
                area[k] = 0;
            }
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && area[labels[i]] == 0) {
                labels[i] = 0;
            }
        }
        LabelImage ordered = Instances.relabelInRasterOrder(new LabelImage(width, height, labels));
        return new CandidateLabels(ordered, new FloatPlane(width, height, probability), ranked.size() - dropped, dropped);
    }
}
