package org.sparsesam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** points-from-truth writes the clicks evaluate would use, one <name>-points.csv per image with a usable mask. */
class PointsFromTruthCommandTest {
    @TempDir
    Path tmp;

    private static EvaluateCommandTest.Run cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = SparseSamCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new EvaluateCommandTest.Run(code, out.toString(), err.toString());
    }

    private Path dataset() throws IOException {
        Path ds = SyntheticDatasets.create(tmp.resolve("ds"));
        SyntheticDatasets.addInstance(ds, "a.png", 96, 80, 1);
        SyntheticDatasets.addInstance(ds, "b.png", 80, 96, 2);
        SyntheticDatasets.writeImage(ds, "no-mask.png", org.sparsesam.core.eval.SyntheticTissue.nuclei(32, 32, 3).image());
        return ds;
    }

    @Test
    void writesTheClicksEvaluateUsesAndSkipsImagesWithoutMask() throws IOException {
        Path ds = dataset();
        EvaluateCommandTest.Run points = cli("points-from-truth", ds.toString(), "--out", tmp.resolve("points").toString(),
                "--clicks", "4:3", "--protocol", "centroid", "--seed", "7");
        assertEquals(0, points.exitCode(), points.err());
        assertTrue(points.out().contains("no-mask.png skipped: no mask"), points.out());
        assertTrue(points.lastLine().startsWith("2 points files written to"), points.out());
        assertFalse(Files.exists(tmp.resolve("points/no-mask-points.csv")));

        EvaluateCommandTest.Run eval = EvaluateCommandTest.run(new EvaluateCommand(options -> ThresholdSegmenter.INSTANCE), ds.toString(),
                "--out", tmp.resolve("eval").toString(), "--clicks", "4:3", "--protocol", "centroid", "--seed", "7");
        assertEquals(0, eval.exitCode(), eval.err());
        for (String base : new String[] {"a", "b"}) {
            String written = Files.readString(tmp.resolve("points/" + base + "-points.csv"));
            assertEquals(Files.readString(tmp.resolve("eval/clicks/" + base + "-r0.csv")), written, base);
            assertEquals(8, written.lines().count(), "header + 4 fg + 3 bg");
        }
    }

    @Test
    void refusesANonEmptyFolderWithoutForce() throws IOException {
        Path ds = dataset();
        Path out = Files.createDirectories(tmp.resolve("points"));
        Files.writeString(out.resolve("a-points.csv"), "x,y,label\n1,1,fg\n");
        EvaluateCommandTest.Run run = cli("points-from-truth", ds.toString(), "--out", out.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("error: The output folder") && run.err().contains("--force"), run.err());
        assertEquals("x,y,label\n1,1,fg\n", Files.readString(out.resolve("a-points.csv")));
        assertEquals(0, cli("points-from-truth", ds.toString(), "--out", out.toString(), "--force").exitCode());
    }
}
