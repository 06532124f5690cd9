package org.sparsesam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsesam.core.model.ModelStore;
import org.sparsesam.core.model.TinySamFixture;

/** segment and evaluate with {@code --encoder} naming the tiny SAM package by path, by zip and by installed name. */
class SamEncoderCliTest {
    @TempDir
    Path temp;

    private Path dataset() throws IOException {
        Path ds = SyntheticDatasets.create(temp.resolve("ds"));
        SyntheticDatasets.addInstance(ds, "a.png", 150, 120, 1);
        SyntheticDatasets.addInstance(ds, "b.png", 200, 180, 2); // 200 > 1.25 x 128: encoded in tiles
        return ds;
    }

    private Path points() throws IOException {
        return Files.writeString(temp.resolve("points.csv"), "x,y,label\n60,60,fg\n5,5,bg\n140,110,bg\n");
    }

    @Test
    void segmentWithAPackageFolderOrZip() throws IOException {
        Path ds = dataset();
        Path image = ds.resolve("images/a.png");
        ModelCommandTest.Run folder = ModelCommandTest.cli("segment", image.toString(), "--points", points().toString(),
                "--out", temp.resolve("out1").toString(), "--encoder", TinySamFixture.packageFolder().toString(), "--device", "cpu");
        assertEquals(0, folder.exitCode(), folder.err());
        assertTrue(folder.out().matches("\\d+ objects in a.png -> .*\\R"), folder.out());
        assertTrue(folder.err().contains("note: SAM encoder of tiny-sam runs on CPU: CPU was chosen (--device cpu)."), folder.err());
        assertTrue(Files.isRegularFile(temp.resolve("out1/a-labels.tif")));

        Path zip = TinySamFixture.zipPackage(temp.resolve("tiny.zip"));
        ModelCommandTest.Run zipped = ModelCommandTest.cli("segment", image.toString(), "--points", points().toString(),
                "--out", temp.resolve("out2").toString(), "--encoder", zip.toString(), "--device", "cpu");
        assertEquals(0, zipped.exitCode(), zipped.err());
        assertEquals(folder.out().replace("out1", "out2"), zipped.out(), "same package, same result");
        assertEquals(-1L, Files.mismatch(temp.resolve("out1/a.csv"), temp.resolve("out2/a.csv")));
    }

    @Test
    void segmentAndEvaluateWithAnInstalledName() throws IOException {
        Path ds = dataset();
        String models = temp.resolve("models").toString();
        assertEquals(0, ModelCommandTest.cli("model", "install", TinySamFixture.packageFolder().toString(), "--models", models).exitCode());
        String before = System.getProperty(ModelStore.ROOT_PROPERTY);
        System.setProperty(ModelStore.ROOT_PROPERTY, models);
        try {
            ModelCommandTest.Run segment = ModelCommandTest.cli("segment", ds.resolve("images/b.png").toString(), "--points",
                    points().toString(), "--out", temp.resolve("seg").toString(), "--encoder", "tiny-sam");
            assertEquals(0, segment.exitCode(), segment.err());
            // the automatic device on this CPU-only build runs on CPU without a note on every run (asked for, it says so)
            assertFalse(segment.err().contains("CUDA"), segment.err());
            assertTrue(segment.err().contains("200x180 image: encoded in 4 tiles of 128 px"), segment.err());

            ModelCommandTest.Run evaluate = ModelCommandTest.cli("evaluate", ds.toString(), "--out", temp.resolve("eval").toString(),
                    "--clicks", "3:3", "--encoder", "tiny-sam");
            assertEquals(0, evaluate.exitCode(), evaluate.err());
            assertTrue(EvaluateCommandTest.LAST_LINE.matcher(evaluate.out().strip().lines().reduce((a, b) -> b).orElse("")).matches(), evaluate.out());
            assertTrue(evaluate.out().contains("2 images evaluated, 0 skipped, 0 failed"), evaluate.out());

            ModelCommandTest.Run unknown = ModelCommandTest.cli("segment", ds.resolve("images/a.png").toString(), "--points",
                    points().toString(), "--out", temp.resolve("x").toString(), "--encoder", "sam-vit-h");
            assertEquals(1, unknown.exitCode());
            assertTrue(unknown.err().contains("Unknown encoder 'sam-vit-h'") && unknown.err().contains(": tiny-sam)"), unknown.err());
        } finally {
            if (before == null) {
                System.clearProperty(ModelStore.ROOT_PROPERTY);
            } else {
                System.setProperty(ModelStore.ROOT_PROPERTY, before);
            }
        }
    }

    @Test
    void benchComparesOurEncodeWithTheBareSessionRun() throws IOException {
        Path ds = dataset();
        ModelCommandTest.Run bench = ModelCommandTest.cli("bench", "--image", ds.resolve("images/b.png").toString(), "--points",
                points().toString(), "--repeats", "1", "--encoder", TinySamFixture.packageFolder().toString(), "--device", "cpu");
        assertEquals(0, bench.exitCode(), bench.err());
        assertTrue(bench.out().contains("4 tiles of 128 px (raw: 4 runs on the first tile's tensor)"), bench.out());
        assertTrue(bench.out().matches("(?s).*\\npipeline/raw \\d+\\.\\d{3} \\(median of 1 back-to-back ratios\\)\\R.*"), bench.out());
        assertTrue(bench.out().contains("click update with the cached embedding"), bench.out());
    }

    @Test
    void aDeviceThatDoesNotExistIsAUserError() throws IOException {
        Path ds = dataset();
        ModelCommandTest.Run run = ModelCommandTest.cli("segment", ds.resolve("images/a.png").toString(), "--points", points().toString(),
                "--out", temp.resolve("o").toString(), "--device", "tpu");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("error: 'tpu' is not a device"), run.err());
    }
}
