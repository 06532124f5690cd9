package org.sparsesam.core.encode.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.encode.Encoder;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.eval.SyntheticTissue;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.model.ModelPackage;
import org.sparsesam.core.model.TinySamFixture;
import org.sparsesam.core.prompt.ClickSimulator;
import org.sparsesam.core.prompt.ClickSimulator.ClickCounts;
import org.sparsesam.core.prompt.Point;

/** Re-segmenting after another click reuses the SAM embedding: the encoder runs once per image. */
class SamEmbeddingCacheTest {

    /** Counts the calls that reach the real SAM encoder. */
    private static final class Counting implements Encoder {
        final SamEncoder sam;
        final AtomicInteger calls = new AtomicInteger();

        Counting(SamEncoder sam) {
            this.sam = sam;
        }

        public String id() {
            return sam.id();
        }

        public FeatureGrid encode(RasterImage image, Progress progress, CancelToken cancel) {
            calls.incrementAndGet();
            return sam.encode(image, progress, cancel);
        }

        public void close() {
            sam.close();
        }
    }

    @Test
    void secondClickDoesNotEncodeAgain() {
        SyntheticTissue tissue = SyntheticTissue.nuclei(150, 120, 4);
        List<Point> all = new ClickSimulator(ClickSimulator.Protocol.RANDOM, new ClickCounts(3, 2)).simulate(tissue.labels(), 1).points();
        List<Point> first = new ArrayList<>(all.subList(0, 4));
        Counting counting;
        try (ModelPackage pkg = ModelPackage.open(TinySamFixture.packageFolder())) {
            counting = new Counting(new SamEncoder(pkg, Device.CPU, Progress.NONE));
        }
        try (SparseSam sam = new SparseSam(SegmentOptions.defaults(), counting)) {
            SegmentResult before = sam.segment(tissue.image(), first, Progress.NONE, CancelToken.none());
            SegmentResult after = sam.segment(tissue.image(), all, Progress.NONE, CancelToken.none());
            assertEquals(1, counting.calls.get(), "the second segmentation must take the cached embedding");
            assertEquals(1, sam.cache().hits());
            assertEquals(1, sam.cache().misses());
            assertTrue(before.stageMillis().containsKey("encode"), before.stageMillis().toString());
            assertTrue(after.stageMillis().containsKey("encode (cached)"), after.stageMillis().toString());
            // A different image (one pixel changed) is a different key: encoded again.
            RasterImage changed = tissue.image();
            float[] red = changed.channel(0).data().clone();
            red[0] = red[0] > 128 ? 0 : 255;
            sam.segment(RasterImage.rgb(new org.sparsesam.core.image.FloatPlane(150, 120, red), changed.channel(1), changed.channel(2)),
                    all, Progress.NONE, CancelToken.none());
            assertEquals(2, counting.calls.get());
        }
    }
}
