package org.sparsesam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.encode.sam.TinySamModels;

/** --mode on segment and evaluate: refused clearly without a SAM package, and run for real with the tiny one. */
class ModeOptionTest {
    @TempDir
    Path tmp;

    private record Cli(int code, String out, String err) {}

    private static Cli cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = SparseSamCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Cli(code, out.toString(), err.toString());
    }

    private Path dataset() throws IOException {
        Path ds = SyntheticDatasets.create(tmp.resolve("ds"));
        SyntheticDatasets.addInstance(ds, "a.png", 96, 96, 1);
        SyntheticDatasets.addInstance(ds, "b.png", 96, 80, 2);
        return ds;
    }

    @Test
    void segmentWithTheBuiltinEncoderExplainsThatRefineNeedsASamPackage() throws IOException {
        Path ds = dataset();
        Path points = Files.writeString(tmp.resolve("p.csv"), "x,y,label\n20,20,fg\n60,60,bg\n");
        Cli run = cli("segment", ds.resolve("images/a.png").toString(), "--points", points.toString(), "--out",
                tmp.resolve("out").toString(), "--mode", "refine");
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().startsWith("error: Mode refine runs SAM's mask decoder"), run.err());
        assertTrue(run.err().contains("model install"), run.err());
        assertTrue(!run.err().contains("at org.sparsesam"), "no stack trace without --debug: " + run.err());
    }

    @Test
    void anUnknownModeIsAnErrorThatListsTheModes() throws IOException {
        Path ds = dataset();
        Cli run = cli("evaluate", ds.toString(), "--out", tmp.resolve("out").toString(), "--mode", "sam");
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("use similarity, refine or clicks"), run.err());
    }

    @Test
    void evaluateWithTheBuiltinEncoderRefusesClicksMode() throws IOException {
        Path ds = dataset();
        Cli run = cli("evaluate", ds.toString(), "--out", tmp.resolve("out").toString(), "--mode", "clicks");
        assertEquals(1, run.code(), run.out());
        assertTrue(run.err().startsWith("error: Mode clicks runs SAM's mask decoder"), run.err());
        assertTrue(!run.out().contains("a.png"), "refused before any image: " + run.out());
    }

    /** Evaluate's own code path (options from the command line, scores, files) around the real pipeline and tiny model. */
    @Test
    void evaluateRunsTheRefinePipelineWithATinySamPackage() throws IOException {
        Path ds = dataset();
        List<SparseSam> opened = new ArrayList<>();
        List<String> modes = new ArrayList<>();
        EvaluateCommand command = new EvaluateCommand(options -> {
            modes.add(options.mode());
            SparseSam sam = new SparseSam(options, TinySamModels.open());
            opened.add(sam);
            return sam::segment;
        });
        try {
            EvaluateCommandTest.Run run = EvaluateCommandTest.run(command, ds.toString(), "--out", tmp.resolve("out").toString(),
                    "--clicks", "3:2", "--mode", "refine");
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(List.of(SegmentOptions.MODE_REFINE), modes);
            assertTrue(EvaluateCommandTest.LAST_LINE.matcher(run.lastLine()).matches(), run.lastLine());
            assertTrue(run.lastLine().endsWith(" images 2"), run.lastLine());
            Matcher m = Pattern.compile("note: SAM decoder \\(refine\\): (\\d+) prompts, (\\d+) objects").matcher(run.out());
            assertTrue(m.find(), run.out());
            assertTrue(Files.readString(tmp.resolve("out/timings.csv")).contains("SAM decoder"));
        } finally {
            opened.forEach(SparseSam::close);
        }
    }
}
