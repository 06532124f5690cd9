package org.sparsesam.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsesam.core.eval.SyntheticTissue;
import org.sparsesam.core.prompt.ClickSimulator;
import org.sparsesam.core.prompt.PointsCsv;
import org.sparsesam.ij.ImageConversion;
import org.sparsesam.ij.ImageFiles;

class MemoryEstimateTest {
    private static final long MB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void aTiledRunNeedsTheSameForAnyImageSizeWhenItsTilesAreStreamed() {
        MemoryEstimate fourK = MemoryEstimate.tiled(4096, 4096, true, 60, 1, 2048, MemoryEstimate.Whole.STREAMED, 0);
        MemoryEstimate sixteenK = MemoryEstimate.tiled(16384, 16384, true, 60, 1, 2048, MemoryEstimate.Whole.STREAMED, 0);
        assertEquals(fourK.peakBytes(), sixteenK.peakBytes());
        assertEquals(MemoryEstimate.builtin(2048, 2048, true, 60, 1, false, 0).peakBytes(), sixteenK.peakBytes(),
                "one tile is an untiled image of the tile's size");
        // assembling the whole image's labels and probability adds 8 bytes a pixel (and the margin)
        long assembled = MemoryEstimate.tiled(16384, 16384, true, 60, 1, 2048, MemoryEstimate.Whole.ASSEMBLED, 0).peakBytes();
        assertEquals(8.0 * 16384 * 16384 * MemoryEstimate.MARGIN, assembled - sixteenK.peakBytes(), 64);
    }

    @Test
    void aTiledRunTooLargeForTheHeapIsRefusedNamingSmallerTiles() {
        MemoryEstimate tiled = MemoryEstimate.tiled(16384, 16384, true, 60, 1, 2048, MemoryEstimate.Whole.ASSEMBLED, 0);
        SparseSamException e = assertThrows(SparseSamException.class, () -> tiled.requireFits(tiled.peakBytes() - 1, 0));
        assertTrue(e.getMessage().contains("--tile-size 1024"), e.getMessage());
        assertTrue(e.getMessage().contains("-Xmx"), e.getMessage());
    }

    /**
     * Before the image is read, a tiled run counts its float planes too (12 bytes a pixel RGB, 4 grey) on top of the
     * assembled 8: 20 bytes a pixel measured between tiles on a 4000 x 4000 PNG (see {@link MemoryEstimate.Whole}).
     * A 20000 x 20000 RGB image then needs about 10 GB besides its tile: more than an 8 GB heap, which the 8 bytes a
     * pixel counted before let through to run out of memory after decoding.
     */
    @Test
    void beforeTheImageIsReadATiledRunCountsItsPlanesAsWell() {
        long px = 20000L * 20000;
        MemoryEstimate assembled = MemoryEstimate.tiled(20000, 20000, true, 60, 1, 2048, MemoryEstimate.Whole.ASSEMBLED, 0);
        MemoryEstimate toRead = MemoryEstimate.tiled(20000, 20000, true, 60, 1, 2048, MemoryEstimate.Whole.IMAGE_AND_ASSEMBLED, 0);
        assertEquals(12.0 * px * MemoryEstimate.MARGIN, toRead.peakBytes() - assembled.peakBytes(), 64);
        MemoryEstimate grey = MemoryEstimate.tiled(20000, 20000, false, 28, 1, 2048, MemoryEstimate.Whole.IMAGE_AND_ASSEMBLED, 0);
        MemoryEstimate greyAssembled = MemoryEstimate.tiled(20000, 20000, false, 28, 1, 2048, MemoryEstimate.Whole.ASSEMBLED, 0);
        assertEquals(4.0 * px * MemoryEstimate.MARGIN, grey.stageBytes().get(MemoryEstimate.TILES_AND_WHOLE)
                - greyAssembled.stageBytes().get(MemoryEstimate.TILES_AND_WHOLE), 64);
        assertEquals(MemoryEstimate.TILES_AND_WHOLE, toRead.peakStage(), toRead.toString());
        assertTrue(toRead.peakBytes() > 8L << 30, toRead.toString());
        assertTrue(MemoryEstimate.tiled(20000, 20000, true, 60, 1, 2048, MemoryEstimate.Whole.ASSEMBLED, 0).peakBytes() < 8L << 30,
                "the old count, which let it through");
    }

    /** Halving the tiles of that image saves a quarter of one tile's memory: not enough, so the message does not offer it. */
    @Test
    void smallerTilesAreOfferedOnlyWhenTheyWouldFit() {
        MemoryEstimate toRead = MemoryEstimate.tiled(20000, 20000, true, 60, 1, 2048, MemoryEstimate.Whole.IMAGE_AND_ASSEMBLED, 0);
        String message = assertThrows(SparseSamException.class, () -> toRead.requireFits(8L << 30, 0)).getMessage();
        assertFalse(message.contains("--tile-size"), message);
        assertTrue(message.startsWith("Segmenting this 20000 x 20000 image needs about"), message);
        Matcher crop = Pattern.compile("crop the image to about (\\d+) x (\\d+)").matcher(message);
        assertTrue(crop.find(), message);
        int side = Integer.parseInt(crop.group(1));
        assertTrue(MemoryEstimate.tiled(side, side, true, 60, 1, 2048, MemoryEstimate.Whole.IMAGE_AND_ASSEMBLED, 0).peakBytes() <= 8L << 30,
                "the suggested crop fits, its tile included");
    }

    @Test
    void growsWithTheAreaAndShrinksWithTheStride() {
        MemoryEstimate one = MemoryEstimate.builtin(1000, 1000, true, 60, 1, false, 0);
        MemoryEstimate four = MemoryEstimate.builtin(2000, 2000, true, 60, 1, false, 0);
        assertEquals(4.0, (double) four.peakBytes() / one.peakBytes(), 0.001, "bytes per pixel do not depend on the size");
        MemoryEstimate strided = MemoryEstimate.builtin(1000, 1000, true, 60, 2, false, 0);
        assertTrue(strided.peakBytes() < 0.6 * one.peakBytes(), strided + " vs " + one);
        MemoryEstimate grey = MemoryEstimate.builtin(1000, 1000, false, 28, 1, false, 0);
        assertTrue(grey.peakBytes() < one.peakBytes());
        assertFalse(one.stageBytes().containsKey(MemoryEstimate.TUNING));
        assertTrue(MemoryEstimate.builtin(1000, 1000, true, 60, 1, true, 0).stageBytes().containsKey(MemoryEstimate.TUNING));
    }

    @Test
    void theFeatureGridDominatesAtStrideOneButIsNoLongerCopied() {
        // the 60-channel grid is 240 bytes per pixel; similarity used to hold it twice (480) and now holds it once
        MemoryEstimate e = MemoryEstimate.builtin(1000, 1000, true, 60, 1, false, 0);
        assertTrue(e.peakBytes() >= MemoryEstimate.MARGIN * 240e6, e.toString());
        assertTrue(e.stageBytes().get(MemoryEstimate.SIMILARITY) < MemoryEstimate.MARGIN * 480e6, e.toString());
    }

    /** The learned encoder's profile: 32 channels and 2 maps at stride 2, tiles of 1024 (see HistologyEncoder#profile). */
    private static final org.sparsesam.core.encode.EncoderProfile LEARNED =
            new org.sparsesam.core.encode.EncoderProfile(32, 2, 2, 4.0 * (3 + 34 / 4.0), 1024, 96);

    @Test
    void aLearnedEncodersEstimateCountsItsGridAndOneTileOfWork() {
        MemoryEstimate one = MemoryEstimate.of(1000, 1000, true, LEARNED, false);
        MemoryEstimate four = MemoryEstimate.of(2000, 2000, true, LEARNED, false);
        // the grid (34 floats a 2x2 cell: 34 bytes a pixel) and the whole-image planes grow with the area; the encoder's
        // work is one 1024 px tile whatever the image, so four times the area costs well under four times the memory to
        // encode; the later stages, all whole-image planes (and what a session keeps for the next click), about four
        // times (a little more where planes start to fill whole heap regions)
        double encode = (double) four.stageBytes().get(MemoryEstimate.ENCODE) / one.stageBytes().get(MemoryEstimate.ENCODE);
        assertTrue(encode > 1 && encode < 3.5, "encode ratio " + encode);
        double ratio = (double) four.peakBytes() / one.peakBytes();
        assertTrue(ratio > 3.5 && ratio <= 4.3, "ratio " + ratio);
        assertTrue(one.peakBytes() > MemoryEstimate.MARGIN * 34e6, one.toString());
        assertTrue(one.peakBytes() < MemoryEstimate.builtin(1000, 1000, true, 60, 1, false).peakBytes() / 2,
                "a 34-float stride-2 grid needs far less than the hand-made 60-float stride-1 one: " + one);
    }

    @Test
    void aHugeImageForTheLearnedEncoderIsRefusedBeforeAnyWork() {
        MemoryEstimate e = MemoryEstimate.of(20000, 20000, true, LEARNED, false);
        String message = assertThrows(SparseSamException.class, () -> e.requireFits(8L << 30, 100 * MB)).getMessage();
        assertTrue(message.startsWith("Segmenting this 20000 x 20000 image needs about"), message);
        assertTrue(message.contains("-Xmx"), message);
    }

    @Test
    void largeArraysTakeWholeHeapRegions() {
        assertEquals(2 * MB, MemoryEstimate.inRegions(512 * 512 * 4, MB), "1 MB and a header take two 1 MB regions");
        assertEquals(400_016, MemoryEstimate.inRegions(400_000, MB), "below half a region an array is just its bytes");
        assertEquals(MB, MemoryEstimate.heapRegionBytes(256 * MB));
        assertEquals(4 * MB, MemoryEstimate.heapRegionBytes(8192 * MB));
        assertEquals(32 * MB, MemoryEstimate.heapRegionBytes(1L << 40));
    }

    @Test
    void aRefusalSaysHowMuchHeapWouldWorkAndWhatElse() {
        MemoryEstimate e = MemoryEstimate.builtin(8000, 8000, true, 60, 1, false, 0);
        String message = assertThrows(SparseSamException.class, () -> e.requireFits(2L << 30, 100 * MB)).getMessage();
        Matcher gb = Pattern.compile("-Xmx(\\d+)g").matcher(message);
        assertTrue(gb.find(), message);
        assertTrue(Long.parseLong(gb.group(1)) * (1L << 30) >= e.peakBytes() + 100 * MB, message);
        assertTrue(message.contains("Edit > Options > Memory"), message);
        Matcher crop = Pattern.compile("crop the image to about (\\d+) x (\\d+)").matcher(message);
        assertTrue(crop.find(), message);
        int side = Integer.parseInt(crop.group(1));
        assertTrue(MemoryEstimate.builtin(side, side, true, 60, 1, false, 0).peakBytes() <= 2L << 30, "the suggested crop fits");
        e.requireFits(e.peakBytes(), 0);
    }

    @Test
    void whenTuningIsWhatDoesNotFitTheMessageSaysSegmentWithoutIt() {
        MemoryEstimate withTuning = MemoryEstimate.builtin(2000, 2000, false, 28, 1, true, 0);
        long withoutTuning = MemoryEstimate.builtin(2000, 2000, false, 28, 1, false, 0).peakBytes();
        assertEquals(MemoryEstimate.TUNING, withTuning.peakStage(), withTuning.toString());
        String message = assertThrows(SparseSamException.class, () -> withTuning.requireFits(withoutTuning, 0)).getMessage();
        assertTrue(message.contains("--tune none"), message);
    }

    /**
     * The estimate against what the pipeline really needs: the command line in a fresh JVM, with the check off, on a
     * 640x480 image. It must finish with a heap of 1.3x the estimate (plus the JVM's own 64 MB) and run out of memory
     * with half the estimate: the estimate lies within a factor of 2 below and 1.3 above the true need.
     */
    @Test
    @Tag("slow")
    void theEstimateIsWithinAFactorOfWhatSegmentingReallyNeeds() throws Exception {
        int width = 640, height = 480;
        Path[] inputs = writeImage(width, height);
        long estimateAtSmallHeap = MemoryEstimate.builtin(width, height, true, 60, 1, false, MB).peakBytes();
        long generous = (long) (1.3 * estimateAtSmallHeap) + 64 * MB;
        long half = estimateAtSmallHeap / 2;
        Run enough = cli(generous, false, inputs, "enough");
        assertEquals(0, enough.exitCode, enough.output);
        Run tooLittle = cli(half, false, inputs, "half");
        assertEquals(1, tooLittle.exitCode, tooLittle.output);
        assertTrue(tooLittle.output.contains("ran out of memory"), tooLittle.output);
        assertFalse(Files.exists(dir.resolve("half").resolve("slide-labels.tif")));
    }

    @Test
    void theCheckRefusesBeforeAnyWorkNamingTheHeapThatWouldDo() throws Exception {
        Path[] inputs = writeImage(640, 480);
        Run refused = cli(96 * MB, true, inputs, "refused");
        assertEquals(1, refused.exitCode, refused.output);
        assertTrue(refused.output.startsWith("error: Segmenting this 640 x 480 image needs about"), refused.output);
        assertTrue(refused.output.contains("SPARSE_SAM_JAVA_OPTS=-Xmx1g"), refused.output);
        assertFalse(refused.output.contains("\tat "), refused.output);
        assertFalse(Files.exists(dir.resolve("refused").resolve("slide-labels.tif")));
    }

    private Path[] writeImage(int width, int height) throws IOException {
        SyntheticTissue t = SyntheticTissue.nuclei(width, height, 4);
        Path image = dir.resolve("slide.png");
        ImageFiles.savePng(rgbImage(t), image);
        Path points = dir.resolve("points.csv");
        Files.writeString(points, PointsCsv.format(new ClickSimulator(ClickSimulator.Protocol.RANDOM,
                new ClickSimulator.ClickCounts(4, 4)).simulate(t.labels(), 1).points()));
        return new Path[] {image, points};
    }

    private static ij.ImagePlus rgbImage(SyntheticTissue t) {
        int w = t.image().width(), h = t.image().height();
        int[] packed = new int[w * h];
        float[] r = t.image().channel(0).data(), g = t.image().channel(1).data(), b = t.image().channel(2).data();
        for (int i = 0; i < packed.length; i++) {
            packed[i] = (int) r[i] << 16 | (int) g[i] << 8 | (int) b[i];
        }
        return new ij.ImagePlus("slide", new ij.process.ColorProcessor(w, h, packed));
    }

    private record Run(int exitCode, String output) {}

    private Run cli(long heapBytes, boolean check, Path[] inputs, String out) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapBytes / MB + "m", "-Djava.awt.headless=true", "-XX:+UseG1GC"));
        if (!check) {
            command.add("-D" + SparseSam.MEMORY_CHECK_PROPERTY + "=off");
        }
        command.addAll(List.of("-cp", classpath, "org.sparsesam.cli.SparseSamCli", "segment", inputs[0].toString(),
                "--points", inputs[1].toString(), "--out", dir.resolve(out).toString(), "--encoder", "handmade"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES));
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
