package org.sparsesam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.model.TinySamFixture;
import org.sparsesam.core.prompt.Point;
import picocli.CommandLine;

/** The bench command's bookkeeping with a stand-in segmenter that reports fixed stage times. */
class BenchCommandTest {
    @TempDir
    Path tmp;

    /** Reports encode 10 ms on a fresh session's first call and a cached encode afterwards, like SparseSam. */
    private static class FakeSession implements BenchCommand.Session {
        final List<List<Point>> calls;
        boolean encoded;

        FakeSession(List<List<Point>> calls) {
            this.calls = calls;
        }

        @Override
        public SegmentResult segment(org.sparsesam.core.image.RasterImage image, List<Point> points,
                                     org.sparsesam.core.Progress progress, org.sparsesam.core.CancelToken cancel) {
            calls.add(List.copyOf(points));
            SegmentResult r = ThresholdSegmenter.INSTANCE.segment(image, points, progress, cancel);
            Map<String, Double> stages = new LinkedHashMap<>();
            stages.put(encoded ? "encode (cached)" : "encode", encoded ? 0.0 : 10.0);
            stages.put("similarity", 2.0);
            encoded = true;
            return new SegmentResult(r.labels(), r.probability(), r.instances(), r.notes(), stages);
        }

        @Override
        public void close() {}
    }

    private static String[] run(BenchCommand command, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void reportsStagesUpdateRatioHeapAndScaling() {
        List<List<Point>> calls = new ArrayList<>();
        String[] r = run(new BenchCommand(options -> new FakeSession(calls)), "--repeats", "2", "--scaling", "--scaling-max", "1024");
        assertEquals("0", r[0], r[2]);
        String out = r[1];
        assertTrue(out.contains("1024x1024 (1.05 MP)"), out);
        assertTrue(out.matches("(?s).*segment: encode +10\\.0\n.*"), out);
        assertTrue(out.matches("(?s).*update: encode \\(cached\\) +0\\.0\n.*"), out);
        assertTrue(out.contains("labels to image"), out);
        assertTrue(out.contains("update/encode "), out);
        assertTrue(out.contains("peak heap "), out);
        assertTrue(out.matches("(?s).*\n512x512 +0\\.26 .*\n1024x1024 +1\\.05 .*"), out);
        // Stage table: warm-up + 2 repeats, each a first call with 10 clicks and an update with 11, then live clicking:
        // the 11th click put at new places and taken back in turn.
        int perRound = 2 + 2 * BenchCommand.LIVE_CLICKS;
        assertEquals(10, calls.get(perRound).size(), "the next round starts again from the first clicks");
        assertEquals(10, calls.get(0).size());
        assertEquals(11, calls.get(1).size());
        assertEquals(calls.get(0), calls.get(1).subList(0, 10));
        java.util.Set<Point> added = new java.util.HashSet<>();
        for (int k = 0; k < BenchCommand.LIVE_CLICKS; k++) {
            List<Point> more = calls.get(2 + 2 * k), back = calls.get(3 + 2 * k);
            assertEquals(calls.get(0), more.subList(0, 10));
            assertEquals(calls.get(0), back);
            added.add(more.get(10));
        }
        added.add(calls.get(1).get(10));
        assertEquals(1 + BenchCommand.LIVE_CLICKS, added.size(), "each live click is another click: " + added);
        assertTrue(out.contains("the first update after encoding took"), out);
    }

    @Test
    void aScalingSizeTheHeapCannotHoldEndsTheTableWithTheRefusal() throws IOException {
        Path image = SyntheticDatasets.create(tmp.resolve("ds")).resolve("images/a.png");
        SyntheticDatasets.addInstance(tmp.resolve("ds"), "a.png", 64, 64, 1);
        Path points = Files.writeString(tmp.resolve("p.csv"), "x,y,label\n10,10,fg\n50,50,bg\n30,30,fg\n");
        List<List<Point>> calls = new ArrayList<>();
        String[] r = run(new BenchCommand(options -> new FakeSession(calls) {
            @Override
            public SegmentResult segment(org.sparsesam.core.image.RasterImage image, List<Point> points,
                                         org.sparsesam.core.Progress progress, org.sparsesam.core.CancelToken cancel) {
                if (image.width() > 512) {
                    throw new org.sparsesam.core.SparseSamException("Segmenting this image needs more memory: run with -Xmx9g.");
                }
                return super.segment(image, points, progress, cancel);
            }
        }), "--repeats", "1", "--scaling", "--scaling-max", "2048",
                "--image", image.toString(), "--points", points.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].matches("(?s).*\n512x512 +0\\.26 +\\d.*\n1024x1024 +1\\.05 refused: Segmenting this image needs more memory: run with -Xmx9g\\.\n"), r[1]);
        assertTrue(!r[1].contains("2048x2048"), "sizes after a refusal are not tried");
    }

    /** The real shipped model, timed against its bare session run and against the tiny SAM package: lines and finite ratios, no timings. */
    @Test
    void theLearnedEncoderIsTimedAgainstItsBareRunAndAComparedEncoder() throws IOException {
        Path image = SyntheticDatasets.create(tmp.resolve("ds")).resolve("images/a.png");
        SyntheticDatasets.addInstance(tmp.resolve("ds"), "a.png", 96, 80, 1);
        Path points = Files.writeString(tmp.resolve("p.csv"), "x,y,label\n40,40,fg\n5,5,bg\n60,30,fg\n");
        String[] r = run(new BenchCommand(), "--image", image.toString(), "--points", points.toString(), "--repeats", "1",
                "--device", "cpu", "--compare-encoder", TinySamFixture.packageFolder().toString());
        assertEquals("0", r[0], r[2]);
        String out = r[1];
        assertTrue(out.contains("\nlearned encoder histology-v1 on CPU, whole image in one frame of "), out);
        assertTrue(out.matches("(?s).*\\nencode raw +\\d+\\.\\d ms \\(bare session\\.run on the same padded tensor.*"), out);
        assertFinite(out, "pipeline/raw ");
        assertTrue(out.contains("compare encoder sam:tiny-sam@"), out);
        assertFinite(out, "learned encode / compare encode ");
    }

    @Test
    void comparingNeedsTheLearnedEncoder() {
        String[] r = run(new BenchCommand(), "--encoder", "handmade", "--compare-encoder", "handmade");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("--compare-encoder") && r[2].contains("'handmade'"), r[2]);
    }

    private static void assertFinite(String out, String label) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\n" + java.util.regex.Pattern.quote(label) + "(\\S+) ").matcher(out);
        assertTrue(m.find(), label + " missing in\n" + out);
        assertTrue(Double.isFinite(Double.parseDouble(m.group(1))) && Double.parseDouble(m.group(1)) > 0, m.group());
    }

    @Test
    void aGivenImageNeedsClicks() throws IOException {
        Path image = SyntheticDatasets.create(tmp.resolve("ds")).resolve("images/a.png");
        SyntheticDatasets.addInstance(tmp.resolve("ds"), "a.png", 64, 64, 1);
        String[] r = run(new BenchCommand(options -> new FakeSession(new ArrayList<>())), "--image", image.toString());
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("--points"), r[2]);
        Path points = Files.writeString(tmp.resolve("p.csv"), "x,y,label\n10,10,fg\n50,50,bg\n30,30,fg\n");
        List<List<Point>> calls = new ArrayList<>();
        r = run(new BenchCommand(options -> new FakeSession(calls)), "--image", image.toString(), "--points", points.toString(), "--repeats", "1");
        assertEquals("0", r[0], r[2]);
        assertEquals(List.of(Point.fg(10, 10), Point.bg(50, 50)), calls.get(0));
        assertEquals(Point.fg(30, 30), calls.get(1).get(2));
    }
}
