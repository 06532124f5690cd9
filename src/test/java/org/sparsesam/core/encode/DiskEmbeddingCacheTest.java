package org.sparsesam.core.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.encode.sam.TinySamModels;
import org.sparsesam.core.eval.SyntheticTissue;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.prompt.ClickSimulator;
import org.sparsesam.core.prompt.Point;

/** Embeddings kept in a folder between front ends: a new session reads them instead of encoding again. */
class DiskEmbeddingCacheTest {
    private static final SyntheticTissue TISSUE = SyntheticTissue.nuclei(120, 100, 2);
    private static final List<Point> CLICKS = new ClickSimulator(ClickSimulator.Protocol.RANDOM,
            new ClickSimulator.ClickCounts(3, 2)).simulate(TISSUE.labels(), 1).points();

    /** The built-in encoder, counting the calls that reach it. */
    private static final class Counting implements Encoder {
        final BuiltinEncoder real = new BuiltinEncoder();
        final AtomicInteger calls = new AtomicInteger();

        public String id() {
            return real.id();
        }

        public FeatureGrid encode(RasterImage image, Progress progress, CancelToken cancel) {
            calls.incrementAndGet();
            return real.encode(image, progress, cancel);
        }
    }

    private static final class Notes implements Progress {
        final List<String> notes = new ArrayList<>();

        public void report(String stage, double fraction) {}

        public void note(String message) {
            notes.add(message);
        }
    }

    private static SegmentResult segment(Path dir, Encoder encoder, Progress progress) {
        try (SparseSam sam = new SparseSam(SegmentOptions.builder().cacheDir(dir.toString()).build(), encoder)) {
            return sam.segment(TISSUE.image(), CLICKS, progress, CancelToken.none());
        }
    }

    @Test
    void aNewSessionReadsTheEmbeddingInsteadOfEncoding(@TempDir Path dir) throws IOException {
        Counting first = new Counting(), second = new Counting();
        SegmentResult a = segment(dir, first, Progress.NONE);
        Notes notes = new Notes();
        SegmentResult b = segment(dir, second, notes);
        assertEquals(1, first.calls.get());
        assertEquals(0, second.calls.get(), "the second session must read the disk cache");
        assertArrayEquals(a.labels().data(), b.labels().data());
        assertArrayEquals(a.probability().data(), b.probability().data(), 0f);
        assertTrue(b.stageMillis().containsKey("encode (disk cache)"), b.stageMillis().toString());
        assertTrue(notes.notes.stream().anyMatch(n -> n.contains("disk cache")), notes.notes.toString());
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.allMatch(p -> p.toString().endsWith(".ssamcache")), "no temporary file left behind");
        }
    }

    @Test
    void aDamagedFileIsIgnoredWithANoteAndComputedAgain(@TempDir Path dir) throws IOException {
        SegmentResult a = segment(dir, new Counting(), Progress.NONE);
        Path file;
        try (Stream<Path> files = Files.list(dir)) {
            file = files.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(file, bytes);
        Counting again = new Counting();
        Notes notes = new Notes();
        SegmentResult b = segment(dir, again, notes);
        assertEquals(1, again.calls.get(), "a damaged file is not used");
        assertTrue(notes.notes.stream().anyMatch(n -> n.contains("damaged")), notes.notes.toString());
        assertArrayEquals(a.labels().data(), b.labels().data());
        Counting third = new Counting();
        segment(dir, third, Progress.NONE);
        assertEquals(0, third.calls.get(), "the file was written again, whole");
    }

    @Test
    void samEmbeddingsOfTheDecoderModesAreKeptToo(@TempDir Path dir) {
        SegmentOptions refine = SegmentOptions.builder().mode(SegmentOptions.MODE_REFINE).cacheDir(dir.toString()).build();
        TinySamModels.Counting first = new TinySamModels.Counting(TinySamModels.open());
        TinySamModels.Counting second = new TinySamModels.Counting(TinySamModels.open());
        RasterImage large = SyntheticTissue.nuclei(300, 200, 4).image(); // tiled by the tiny model
        List<Point> clicks = List.of(Point.fg(117, 74), Point.fg(250, 150), Point.bg(20, 20), Point.bg(200, 30));
        SegmentResult a, b;
        try (SparseSam sam = new SparseSam(refine, first)) {
            a = sam.segment(large, clicks, Progress.NONE, CancelToken.none());
        }
        try (SparseSam sam = new SparseSam(refine, second)) {
            b = sam.segment(large, clicks, Progress.NONE, CancelToken.none());
        }
        assertEquals(1, first.embeds.get());
        assertEquals(0, second.embeds.get() + second.encodes.get(), "the tiles come from the disk cache");
        assertArrayEquals(a.labels().data(), b.labels().data());
    }

    @Test
    void theFolderKeepsTheMostRecentlyUsedFilesWithinItsBudget(@TempDir Path dir) throws IOException {
        RasterImage[] images = {SyntheticTissue.nuclei(40, 40, 1).image(), SyntheticTissue.nuclei(40, 40, 2).image(),
                SyntheticTissue.nuclei(40, 40, 3).image()};
        FeatureGrid[] grids = new FeatureGrid[3];
        for (int i = 0; i < 3; i++) {
            grids[i] = new BuiltinEncoder().encode(images[i], Progress.NONE, CancelToken.none());
        }
        DiskEmbeddingCache unbounded = new DiskEmbeddingCache(dir, Long.MAX_VALUE);
        unbounded.write("grid", "e", images[0], grids[0], DiskEmbeddingCache.FEATURE_GRID, Progress.NONE);
        long size = Files.size(unbounded.file("grid", "e", images[0]));
        DiskEmbeddingCache cache = new DiskEmbeddingCache(dir, size * 5 / 2); // room for two files
        cache.write("grid", "e", images[1], grids[1], DiskEmbeddingCache.FEATURE_GRID, Progress.NONE);
        // Image 0 written first, image 1 later; then image 0 is read, so image 1 is now the least recently used.
        Files.setLastModifiedTime(cache.file("grid", "e", images[0]), FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(cache.file("grid", "e", images[1]), FileTime.fromMillis(2_000_000));
        assertNotNull(cache.read("grid", "e", images[0], DiskEmbeddingCache.FEATURE_GRID, Progress.NONE));
        cache.write("grid", "e", images[2], grids[2], DiskEmbeddingCache.FEATURE_GRID, Progress.NONE);
        assertTrue(Files.exists(cache.file("grid", "e", images[0])));
        assertFalse(Files.exists(cache.file("grid", "e", images[1])), "the least recently used file goes");
        assertTrue(Files.exists(cache.file("grid", "e", images[2])));
        FeatureGrid back = cache.read("grid", "e", images[2], DiskEmbeddingCache.FEATURE_GRID, Progress.NONE);
        assertArrayEquals(grids[2].channel(3).data(), back.channel(3).data(), 0f);
        assertEquals(grids[2].channelName(3), back.channelName(3));
        // Another encoder (or other weights) is another key.
        assertNull(cache.read("grid", "other", images[2], DiskEmbeddingCache.FEATURE_GRID, Progress.NONE));
    }

    /** Auxiliary planes travel with the grid; a file written before they existed (channels only) still reads. */
    @Test
    void auxiliaryPlanesRoundTripAndOldFilesStillRead(@TempDir Path dir) {
        DiskEmbeddingCache cache = new DiskEmbeddingCache(dir, 1L << 20);
        RasterImage image = RasterImage.grey(new FloatPlane(6, 4, new float[24]));
        FloatPlane a = new FloatPlane(3, 2, new float[] {1, 2, 3, 4, 5, 6}), b = new FloatPlane(3, 2, new float[] {0, 0.5f, 1, 0, 0.5f, 1});
        FeatureGrid grid = new FeatureGrid(new FloatPlane[] {new FloatPlane(3, 2, new float[] {6, 5, 4, 3, 2, 1})}, new String[] {"f"}, 2, 6, 4)
                .withAuxiliary("nucleus-distance", a).withAuxiliary("gland-distance", b);
        cache.write("grid", "enc", image, grid, DiskEmbeddingCache.FEATURE_GRID, Progress.NONE);
        FeatureGrid back = cache.read("grid", "enc", image, DiskEmbeddingCache.FEATURE_GRID, Progress.NONE);
        assertNotNull(back);
        assertEquals(List.of("nucleus-distance", "gland-distance"), back.auxiliaryNames());
        assertArrayEquals(a.data(), back.auxiliary("nucleus-distance").data());
        assertArrayEquals(b.data(), back.auxiliary("gland-distance").data());
        assertArrayEquals(grid.channel(0).data(), back.channel(0).data());

        // The codec as it was before auxiliary planes: header and channels, nothing after.
        DiskEmbeddingCache.Codec<FeatureGrid> old = new DiskEmbeddingCache.Codec<>() {
            public void write(FeatureGrid g, java.io.DataOutputStream out) throws IOException {
                for (int v : new int[] {g.channelCount(), g.stride(), g.imageWidth(), g.imageHeight(), g.gridWidth(), g.gridHeight()}) {
                    out.writeInt(v);
                }
                for (int c = 0; c < g.channelCount(); c++) {
                    DiskEmbeddingCache.writeString(out, g.channelName(c));
                    DiskEmbeddingCache.writeFloats(out, g.channel(c).data());
                }
            }

            public FeatureGrid read(java.nio.ByteBuffer in) {
                throw new UnsupportedOperationException();
            }
        };
        cache.write("grid", "old", image, grid, old, Progress.NONE);
        FeatureGrid fromOld = cache.read("grid", "old", image, DiskEmbeddingCache.FEATURE_GRID, Progress.NONE);
        assertNotNull(fromOld);
        assertEquals(List.of(), fromOld.auxiliaryNames());
        assertArrayEquals(grid.channel(0).data(), fromOld.channel(0).data());
    }
}
