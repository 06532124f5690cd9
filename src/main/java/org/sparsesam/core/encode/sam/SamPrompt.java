package org.sparsesam.core.encode.sam;

import java.util.List;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.prompt.Point;

/**
 * What the SAM decoder is asked about one object: clicks and/or a box in image pixel coordinates, and
 * optionally the low-resolution logits of an earlier prediction to refine (SAM's mask_input).
 *
 * @param box       {x0, y0, x1, y1} in image pixels, or null
 * @param maskInput low-resolution logits ({@link SamPrediction#lowResLogits(int)}), or null
 */
public record SamPrompt(List<Point> points, double[] box, FloatPlane maskInput) {

    public SamPrompt {
        points = List.copyOf(points);
        box = box == null ? null : box.clone();
        if (box != null && box.length != 4) {
            throw new IllegalArgumentException("a box is {x0, y0, x1, y1}");
        }
        if (points.isEmpty() && box == null) {
            throw new IllegalArgumentException("a SAM prompt needs at least one point or a box");
        }
    }

    public static SamPrompt of(List<Point> points) {
        return new SamPrompt(points, null, null);
    }

    public static SamPrompt box(double x0, double y0, double x1, double y1) {
        return new SamPrompt(List.of(), new double[] {x0, y0, x1, y1}, null);
    }

    public SamPrompt withBox(double x0, double y0, double x1, double y1) {
        return new SamPrompt(points, new double[] {x0, y0, x1, y1}, maskInput);
    }

    public SamPrompt withMaskInput(FloatPlane lowResLogits) {
        return new SamPrompt(points, box, lowResLogits);
    }
}
