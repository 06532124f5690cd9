package org.sparsesam.ij;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.encode.EncoderFactory;
import org.sparsesam.core.eval.Metrics;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.Instances;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.core.prompt.ClickSimulator;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.core.prompt.PointLabel;

/**
 * The shipped learned encoder on a real H&amp;E image of the validation set (MoNuSeg, never trained on), through the
 * whole front end with default options: the clicks, not a prior, decide what is segmented. With clicks on nuclei it
 * finds the nuclei; with the same clicks' roles swapped (foreground clicks in the stroma, background clicks on nuclei)
 * it finds the stroma and leaves the nuclei out. The bounds are loose on purpose (the validation figures are in the
 * README): they catch a model that ignores its clicks or a pipeline that inverts them, not a few percent.
 * Lives in ij/ because reading the PNGs goes through ImageJ.
 */
class LearnedEncoderOnRealImagesTest {
    private static final Path DATA = Path.of("../shared/data/monuseg");
    private static final String NAME = "TCGA-21-5784-01Z-00-DX1.png";

    private static SparseSam sam;
    private static RasterImage image;
    private static LabelImage truth;
    private static List<Point> clicks;

    @BeforeAll
    static void segmenter() {
        assumeTrue(Files.isDirectory(DATA), "no MoNuSeg data at " + DATA.toAbsolutePath());
        image = ImageConversion.toRaster(ImageFiles.open(DATA.resolve("images").resolve(NAME)));
        truth = Instances.relabelSequential(ImageConversion.toLabels(ImageFiles.open(DATA.resolve("masks").resolve(NAME))));
        clicks = new ClickSimulator(ClickSimulator.Protocol.RANDOM, new ClickSimulator.ClickCounts(5, 5)).simulate(truth, 1).points();
        sam = new SparseSam(SegmentOptions.defaults(), EncoderFactory.create(EncoderFactory.BUILTIN));
    }

    @AfterAll
    static void close() {
        if (sam != null) {
            sam.close();
        }
    }

    @Test
    void clicksOnNucleiFindTheNuclei() {
        boolean[] found = foreground(sam.segment(image, clicks, Progress.NONE, CancelToken.none()));
        double dice = Metrics.dice(found, nuclei());
        assertTrue(dice > 0.72, String.format(Locale.ROOT, "Dice with the nuclei %.3f", dice));
    }

    @Test
    void swappedClicksFindTheBackgroundNotTheNuclei() {
        List<Point> swapped = clicks.stream().map(p -> new Point(p.x(), p.y(),
                p.isForeground() ? PointLabel.BACKGROUND : PointLabel.FOREGROUND)).toList();
        boolean[] found = foreground(sam.segment(image, swapped, Progress.NONE, CancelToken.none()));
        boolean[] nuclei = nuclei(), stroma = new boolean[nuclei.length];
        long nucleiCovered = 0, nucleiTotal = 0;
        for (int i = 0; i < nuclei.length; i++) {
            stroma[i] = !nuclei[i];
            if (nuclei[i]) {
                nucleiTotal++;
                nucleiCovered += found[i] ? 1 : 0;
            }
        }
        double dice = Metrics.dice(found, stroma), covered = (double) nucleiCovered / nucleiTotal;
        assertTrue(dice > 0.85, String.format(Locale.ROOT, "Dice with the background %.3f", dice));
        assertTrue(covered < 0.3, String.format(Locale.ROOT, "%.0f%% of the nuclei's pixels segmented as background", 100 * covered));
    }

    private static boolean[] nuclei() {
        int[] t = truth.data();
        boolean[] out = new boolean[t.length];
        for (int i = 0; i < t.length; i++) {
            out[i] = t[i] != 0;
        }
        return out;
    }

    private static boolean[] foreground(SegmentResult result) {
        int[] l = result.labels().data();
        boolean[] out = new boolean[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = l[i] != 0;
        }
        return out;
    }
}
