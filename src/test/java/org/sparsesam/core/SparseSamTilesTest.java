package org.sparsesam.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.encode.BuiltinEncoder;
import org.sparsesam.core.eval.SyntheticTissueSource;
import org.sparsesam.core.instance.InstanceInfo;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.core.tile.TiledSegmentation;

/** The streamed tiled path ({@link SparseSam#segmentTiles}), which the scaling benchmark measures, against the untiled one. */
class SparseSamTilesTest {

    @Test
    void streamingTilesFindsWhatTheWholeImageRunFinds() {
        SyntheticTissueSource source = new SyntheticTissueSource(480, 480, 2);
        List<Point> clicks = source.clicks(5, 5);
        int whole;
        try (SparseSam sam = new SparseSam(SegmentOptions.defaults(), new BuiltinEncoder())) {
            whole = sam.segment(source.read(0, 0, 480, 480), clicks, Progress.NONE, CancelToken.none()).count();
        }
        long[] streamed = {0};
        long[] area = {0};
        TiledSegmentation.Summary summary;
        try (SparseSam sam = new SparseSam(SegmentOptions.builder().tileSize(448).build(), new BuiltinEncoder())) {
            summary = sam.segmentTiles(source, clicks, (tile, labels, probability, instances) -> {
                streamed[0] += instances.size();
                for (InstanceInfo i : instances) {
                    assertTrue(tile.core().contains(i.centroidX(), i.centroidY()), "kept by the tile whose core holds it");
                    area[0] += i.area();
                }
            }, Progress.NONE, CancelToken.none());
        }
        assertEquals(9, summary.layout().tiles().size());
        assertEquals(whole, streamed[0]);
        assertEquals(summary.instances(), streamed[0]);
        long truth = java.util.Arrays.stream(source.labels(0, 0, 480, 480).data()).filter(v -> v != 0).distinct().count();
        assertEquals(truth, streamed[0], 0.03 * truth, "generated nuclei found");
    }

    @Test
    void tilesTooSmallForTheOverlapAreRefusedNamingTheSizeThatWorks() {
        SyntheticTissueSource source = new SyntheticTissueSource(600, 600, 2);
        try (SparseSam sam = new SparseSam(SegmentOptions.builder().tileSize(256).build(), new BuiltinEncoder())) {
            SparseSamException e = assertThrows(SparseSamException.class,
                    () -> sam.segmentTiles(source, source.clicks(3, 3), (t, l, p, i) -> { }, Progress.NONE, CancelToken.none()));
            assertTrue(e.getMessage().contains("--tile-size 512"), e.getMessage());
        }
    }
}
