package org.sparsesam.core.eval;

import java.util.List;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.prompt.Point;

/**
 * What the runner evaluates: {@code sparseSam::segment} in practice. An interface so that the runner's own
 * bookkeeping (skips, failures, repeats, summaries) can be tested with a segmenter whose answers are known.
 */
@FunctionalInterface
public interface Segmenter {
    SegmentResult segment(RasterImage image, List<Point> points, Progress progress, CancelToken cancel);
}
