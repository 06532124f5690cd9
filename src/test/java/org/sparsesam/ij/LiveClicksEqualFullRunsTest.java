package org.sparsesam.ij;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ij.ImagePlus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.encode.EmbeddingCache;
import org.sparsesam.core.encode.EncoderFactory;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.Instances;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.core.prompt.ClickSimulator;
import org.sparsesam.core.prompt.Point;

/**
 * Issue 19: after the first segmentation of an image, a session updates only what a click changes (each click's
 * similarity plane, the pixels next to changed cells, the pieces of mask that changed). Here clicks are added one by
 * one and taken back on a real MoNuSeg crop with the shipped encoder, and after each the session's result must equal,
 * value for value, what a new session computes from nothing for the same clicks.
 */
class LiveClicksEqualFullRunsTest {
    private static final Path DATA = Path.of("../shared/data/monuseg");
    private static final String NAME = "TCGA-21-5784-01Z-00-DX1.png";

    @Test
    void everyUpdateEqualsAFullRunOnTheSameClicks() {
        assumeTrue(Files.isDirectory(DATA), "no MoNuSeg data at " + DATA.toAbsolutePath());
        ImagePlus whole = ImageFiles.open(DATA.resolve("images").resolve(NAME));
        whole.setRoi(200, 300, 480, 360);
        RasterImage image = ImageConversion.toRaster(whole.crop());
        ImagePlus mask = ImageFiles.open(DATA.resolve("masks").resolve(NAME));
        mask.setRoi(200, 300, 480, 360);
        LabelImage truth = Instances.relabelSequential(ImageConversion.toLabels(mask.crop()));
        List<Point> clicks = new ClickSimulator(ClickSimulator.Protocol.RANDOM, new ClickSimulator.ClickCounts(5, 4)).simulate(truth, 3).points();

        // Both sessions read the one embedding from a shared cache: only what follows the encoder is compared.
        EmbeddingCache cache = new EmbeddingCache(SparseSam.DEFAULT_CACHE_BYTES);
        try (SparseSam live = new SparseSam(SegmentOptions.defaults(), EncoderFactory.create(EncoderFactory.BUILTIN), cache)) {
            List<List<Point>> steps = new ArrayList<>();
            for (int n = 1; n <= clicks.size(); n++) {
                steps.add(clicks.subList(0, n));
            }
            List<Point> withoutSecond = new ArrayList<>(clicks);
            withoutSecond.remove(1);
            steps.add(withoutSecond);                     // a foreground click taken back
            steps.add(clicks.subList(0, clicks.size() - 1)); // and the last background click
            int objects = 0;
            for (List<Point> step : steps) {
                SegmentResult updated = live.segment(image, step, Progress.NONE, CancelToken.none());
                try (SparseSam reference = new SparseSam(SegmentOptions.defaults(), EncoderFactory.create(EncoderFactory.BUILTIN), cache)) {
                    SegmentResult full = reference.segment(image, step, Progress.NONE, CancelToken.none());
                    String at = step.size() + " clicks";
                    assertArrayEquals(full.probability().data(), updated.probability().data(), at);
                    assertArrayEquals(full.labels().data(), updated.labels().data(), at);
                    assertEquals(full.instances(), updated.instances(), at);
                }
                objects += updated.labels().maxLabel();
            }
            assertTrue(objects > 100, "the clicks found few objects: " + objects);
        }
    }
}
