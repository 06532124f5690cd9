package org.sparsesam.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * evaluate and bench through the real pipeline (SparseSam.segment with the builtin encoder) on generated data.
 */
class PipelineEndToEndTest {
    @TempDir
    Path tmp;

    private Path threeImages(String name) throws IOException {
        Path ds = SyntheticDatasets.create(tmp.resolve(name));
        SyntheticDatasets.addInstance(ds, "a.png", 160, 128, 1);
        SyntheticDatasets.addInstance(ds, "b.png", 128, 160, 2);
        SyntheticDatasets.addInstance(ds, "c.png", 128, 128, 3);
        return ds;
    }

    @Test
    void sameSeedGivesByteIdenticalCsvFiles() throws IOException {
        Path ds = threeImages("ds");
        EvaluateCommandTest.Run first = EvaluateCommandTest.run(new EvaluateCommand(), ds.toString(), "--out", tmp.resolve("r1").toString(),
                "--clicks", "3:3", "--seed", "3");
        EvaluateCommandTest.Run second = EvaluateCommandTest.run(new EvaluateCommand(), ds.toString(), "--out", tmp.resolve("r2").toString(),
                "--clicks", "3:3", "--seed", "3");
        assertEquals(0, first.exitCode(), first.err());
        assertEquals(0, second.exitCode(), second.err());
        for (String file : List.of("per-image.csv", "summary.csv")) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("r1").resolve(file)), Files.readAllBytes(tmp.resolve("r2").resolve(file)), file);
        }
        assertTrue(EvaluateCommandTest.LAST_LINE.matcher(first.lastLine()).matches(), first.lastLine());
        assertTrue(first.lastLine().endsWith(" images 3"), first.lastLine());
        assertEquals(first.lastLine(), second.lastLine());
    }

    @Test
    void aBadItemIsReportedAndTheOthersFinish() throws IOException {
        Path ds = threeImages("bad");
        Files.writeString(ds.resolve("images/d.png"), "not an image");
        Files.copy(ds.resolve("masks/c.png"), ds.resolve("masks/d.png"));
        EvaluateCommandTest.Run run = EvaluateCommandTest.run(new EvaluateCommand(), ds.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("d.png failed: "), run.out());
        assertTrue(run.lastLine().endsWith(" images 3"), run.lastLine());
    }

    @Test
    void benchRunsOnTheGeneratedImage() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertEquals(0, cli.execute("--repeats", "1"), err.toString());
        assertTrue(out.toString().contains("update/encode"), out.toString());
    }
}
