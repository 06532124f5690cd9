package org.sparsesam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.instance.InstanceInfo;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.ij.ImageFiles;

/** A full disk in the middle of writing the results: nothing half-written, earlier results untouched. */
class SegmentationOutputsTest {
    @TempDir
    Path dir;

    /** Two square objects, labels 1 and 2, in a 12x10 image. */
    private static SegmentResult twoSquares() {
        int w = 12, h = 10;
        int[] labels = new int[w * h];
        for (int y = 2; y < 5; y++) {
            for (int x = 2; x < 5; x++) {
                labels[y * w + x] = 1;
                labels[(y + 4) * w + x + 5] = 2;
            }
        }
        return new SegmentResult(new LabelImage(w, h, labels), new FloatPlane(w, h),
                List.of(new InstanceInfo(1, 9, 3, 3, 0.9), new InstanceInfo(2, 9, 8, 7, 0.8)), List.of(), Map.of());
    }

    /** A writer that writes a few bytes, as a disk filling up does, then fails on the {@code failAt}-th file. */
    private static java.util.function.UnaryOperator<ImageFiles.FileWriter> diskFullAt(int failAt) {
        AtomicInteger count = new AtomicInteger();
        return writer -> tmp -> {
            if (count.incrementAndGet() == failAt) {
                Files.writeString(tmp, "partial");
                throw new IOException("No space left on device");
            }
            return writer.write(tmp);
        };
    }

    @ParameterizedTest(name = "disk full at file {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void aFullDiskLeavesNoFileBehind(int failAt) {
        SegmentationOutputs outputs = new SegmentationOutputs(dir, "slide.png");
        SparseSamException e = assertThrows(SparseSamException.class, () -> outputs.write(twoSquares(), diskFullAt(failAt)));
        assertTrue(e.getMessage().contains("No space left on device") && e.getMessage().contains("no result was written"), e.getMessage());
        assertEquals(List.of(), BadInputs.filesUnder(dir));
    }

    @Test
    void aFullDiskWhileOverwritingKeepsTheEarlierResults() {
        SegmentationOutputs outputs = new SegmentationOutputs(dir, "slide.png");
        outputs.write(twoSquares());
        List<String> before = outputs.all().stream().map(BadInputs::hash).toList();
        assertThrows(SparseSamException.class, () -> outputs.write(twoSquares(), diskFullAt(4)));
        assertEquals(before, outputs.all().stream().map(BadInputs::hash).toList());
        assertEquals(4, BadInputs.filesUnder(dir).size(), BadInputs.filesUnder(dir).toString());
    }

    @Test
    void aWriterThatReportsFailureLeavesNoFile() {
        Path target = dir.resolve("a.txt");
        assertThrows(SparseSamException.class, () -> ImageFiles.writeAtomically(target, tmp -> {
            Files.writeString(tmp, "half");
            return false;
        }));
        assertThrows(SparseSamException.class, () -> ImageFiles.writeAtomically(target, tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("No space left on device");
        }));
        assertEquals(List.of(), BadInputs.filesUnder(dir));
    }

    @Test
    void theWrittenFilesHoldTheResult() throws IOException {
        SegmentationOutputs outputs = new SegmentationOutputs(dir, "slide.png");
        outputs.write(twoSquares());
        assertEquals(2, ij.IJ.openImage(outputs.labels().toString()).getStatistics().max);
        assertEquals(3, Files.readAllLines(outputs.table()).size());
        assertEquals(4, BadInputs.filesUnder(dir).size());
    }
}
