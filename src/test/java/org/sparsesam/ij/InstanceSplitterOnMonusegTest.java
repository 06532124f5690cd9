package org.sparsesam.ij;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparsesam.core.instance.BinaryMask;
import org.sparsesam.core.instance.ConnectedComponents;
import org.sparsesam.core.instance.InstanceSplitter;
import org.sparsesam.core.instance.Instances;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.core.instance.SplitParameters;

/**
 * Sanity of the splitter on real nuclei: MoNuSeg's hand-drawn instances, merged into one binary mask
 * (touching nuclei fuse into blobs), split again with the default parameters. The bounds are loose on
 * purpose: they catch gross over- or under-splitting, not a few percent. Lives in ij/ because reading
 * the PNGs goes through ImageJ; the core stays free of it. These are the first three images by name.
 */
@Tag("slow")
class InstanceSplitterOnMonusegTest {
    private static final Path MASKS = Path.of("../shared/data/monuseg/masks");

    @ParameterizedTest
    @ValueSource(strings = {"TCGA-21-5784-01Z-00-DX1.png", "TCGA-21-5786-01Z-00-DX1.png", "TCGA-50-5931-01Z-00-DX1.png"})
    void splittingRecoversTouchingNucleiWithoutOverSplitting(String name) {
        assumeTrue(Files.isDirectory(MASKS), "no MoNuSeg data at " + MASKS.toAbsolutePath());
        LabelImage truth = Instances.relabelSequential(ImageConversion.toLabels(ImageFiles.open(MASKS.resolve(name))));
        BinaryMask mask = BinaryMask.of(truth);
        LabelImage blobs = ConnectedComponents.label(mask);
        LabelImage split = InstanceSplitter.split(mask, SplitParameters.defaults());

        int trueCount = truth.maxLabel();
        int found = split.maxLabel();
        int matchedBlobs = matched(truth, blobs), matchedSplit = matched(truth, split);
        String figures = name + ": true " + trueCount + ", blobs " + blobs.maxLabel() + " (" + matchedBlobs + " matched), split "
                + found + " (" + matchedSplit + " matched)";
        assertTrue(found >= 0.8 * trueCount && found <= 1.1 * trueCount, "object count far from the truth: " + figures);
        assertTrue(matchedSplit > matchedBlobs, "splitting matched no more nuclei than the unsplit blobs: " + figures);
        assertTrue(matchedSplit >= 0.95 * found, "many split objects match no nucleus (over-splitting): " + figures);
    }

    /** Objects of {@code found} overlapping a true object with IoU above 0.5 (such a match is one-to-one). */
    private static int matched(LabelImage truth, LabelImage found) {
        int[] t = truth.data(), f = found.data();
        long[] trueArea = ConnectedComponents.areas(truth), foundArea = ConnectedComponents.areas(found);
        Map<Long, Integer> overlap = new HashMap<>();
        for (int i = 0; i < t.length; i++) {
            if (t[i] != 0 && f[i] != 0) {
                overlap.merge(((long) t[i] << 32) | f[i], 1, Integer::sum);
            }
        }
        int n = 0;
        for (Map.Entry<Long, Integer> e : overlap.entrySet()) {
            int ti = (int) (e.getKey() >>> 32), fi = (int) (long) e.getKey();
            long inter = e.getValue();
            if (inter > 0.5 * (trueArea[ti] + foundArea[fi] - inter)) {
                n++;
            }
        }
        return n;
    }
}
