package org.sparsesam.core.eval;

/**
 * The scores of one prediction against one ground truth. {@code NaN} marks a metric that does not apply
 * (instance metrics on binary masks) or is undefined (both masks empty).
 *
 * @param dice           pixel Dice of the foregrounds
 * @param iou            pixel IoU (Jaccard) of the foregrounds
 * @param aji            Aggregated Jaccard Index (instance ground truth only)
 * @param pq             panoptic quality = dq * sq (instance ground truth only)
 * @param dq             detection quality: F1 of matches at IoU &gt; 0.5
 * @param sq             segmentation quality: mean IoU of those matches
 * @param f1Iou50        object F1 at IoU &gt; 0.5 (equal to dq by definition; kept under its usual name)
 * @param glasF1         GlaS-style object F1 (a prediction counts when it covers half its best ground-truth object)
 * @param glasObjectDice GlaS-style object Dice (area-weighted Dice of best-overlap pairs, both directions)
 * @param gtObjects      ground-truth objects (connected components for binary masks)
 * @param predObjects    predicted objects
 * @param matches        one-to-one matches at IoU &gt; 0.5
 */
public record ImageMetrics(double dice, double iou, double aji, double pq, double dq, double sq, double f1Iou50,
                           double glasF1, double glasObjectDice, int gtObjects, int predObjects, int matches) {

    /** The same scores with the instance-only ones (aji, pq, dq, sq, f1 at IoU 0.5) set to NaN. */
    public ImageMetrics withoutInstanceMetrics() {
        return new ImageMetrics(dice, iou, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                glasF1, glasObjectDice, gtObjects, predObjects, matches);
    }
}
