package org.sparsesam.core;

import java.util.List;
import java.util.Map;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.instance.InstanceInfo;
import org.sparsesam.core.instance.LabelImage;

/**
 * What one segmentation returns.
 *
 * @param labels      instances 1..N at image resolution, 0 = background
 * @param probability per-pixel foreground confidence in [0, 1] (the upsampled similarity/classifier map)
 *                    or, in the refine and clicks modes, the SAM decoder's probability of the kept masks
 * @param instances   one entry per label, in label order
 * @param notes       things the user should know about this run (fallbacks taken, inputs adjusted)
 * @param stageMillis wall time of each pipeline stage in run order ("encode", "similarity", ...); an
 *                    encode served from the cache is reported as "encode (cached)"
 */
public record SegmentResult(LabelImage labels, FloatPlane probability, List<InstanceInfo> instances, List<String> notes,
                            Map<String, Double> stageMillis) {
    public int count() {
        return instances.size();
    }
}
