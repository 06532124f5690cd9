package org.sparsesam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsesam.core.fewshot.FewShotModel;
import org.sparsesam.core.model.TrainedModelFile;

/** train, apply and evaluate --fewshot through the command line, on generated datasets. */
class FewShotCommandsTest {
    @TempDir
    Path tmp;

    record Run(int exitCode, String out, String err) {}

    static Run cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = SparseSamCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private Path dataset(int images) throws IOException {
        Path ds = SyntheticDatasets.create(tmp.resolve("ds"));
        for (int i = 0; i < images; i++) {
            SyntheticDatasets.addInstance(ds, "img" + i + ".png", 80, 72, 100 + i);
        }
        return ds;
    }

    private Path trainedModel(Path ds) {
        Path model = tmp.resolve("nuclei.ssam");
        Run train = cli("train", ds.toString(), "--shots", "2", "--head", "prototypes", "--out", model.toString(), "--seed", "3");
        assertEquals(0, train.exitCode(), train.err());
        return model;
    }

    @Test
    void trainWritesAModelThatRecordsItsTrainingAndDevelopmentImages() throws IOException {
        Path ds = dataset(4);
        Path model = trainedModel(ds);
        FewShotModel read = TrainedModelFile.read(model);
        assertEquals(2, read.trainingImages().size());
        assertEquals(2, read.devImages().size());
        assertTrue(read.devImages().stream().noneMatch(read.trainingImages()::contains), "development images are never training images");
        assertTrue(read.devDice() > 0.8, "dev Dice " + read.devDice() + " on generated nuclei (see FewShotTrainerTest for the bound)");
        Run again = cli("train", ds.toString(), "--shots", "2", "--out", model.toString());
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("already exists") && again.err().contains("--force"), again.err());
    }

    @Test
    void applyOnAFolderReportsAndSkipsACorruptImageAndWritesASummary() throws IOException {
        Path ds = dataset(3);
        Path model = trainedModel(ds);
        Path folder = Files.createDirectories(tmp.resolve("cohort"));
        for (String name : List.of("img0.png", "img1.png", "img2.png")) {
            Files.copy(ds.resolve("images").resolve(name), folder.resolve(name));
        }
        Files.write(folder.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 1});
        Path out = tmp.resolve("out");
        Run run = cli("apply", model.toString(), folder.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("error: broken.png") && run.err().contains("(failed)"), run.err());
        assertTrue(run.out().contains("4 images: 3 segmented, 0 kept from an earlier run, 1 failed"), run.out());
        for (String base : List.of("img0", "img1", "img2")) {
            for (String suffix : List.of("-labels.tif", "-mask.png", "-rois.zip", ".csv")) {
                assertTrue(Files.isRegularFile(out.resolve(base + suffix)), base + suffix);
            }
        }
        assertFalse(Files.exists(out.resolve("broken-labels.tif")));
        List<String> summary = Files.readAllLines(out.resolve(ApplyCommand.SUMMARY));
        assertEquals("image,status,objects,seconds,message", summary.get(0));
        assertEquals(5, summary.size());
        assertTrue(summary.get(1).startsWith("broken.png,failed,,"), summary.get(1));
        for (String line : summary.subList(2, 5)) {
            assertTrue(line.matches("img\\d\\.png,done,\\d+,[0-9.]+,.*"), line);
            assertTrue(Integer.parseInt(line.split(",")[2]) > 0, line);
        }
        // the same command again finds everything finished and retries only the broken image
        Run again = cli("apply", model.toString(), folder.toString(), "--out", out.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("4 images: 0 segmented, 3 kept from an earlier run, 1 failed"), again.out());
        Run forced = cli("apply", model.toString(), folder.toString(), "--out", out.toString(), "--force");
        assertEquals(0, forced.exitCode(), forced.err());
        assertTrue(forced.out().contains("4 images: 3 segmented, 0 kept from an earlier run"), forced.out());
    }

    @Test
    void applyToOneImageWritesWhatSegmentWrites() throws IOException {
        Path ds = dataset(3);
        Path model = trainedModel(ds);
        Path out = tmp.resolve("one");
        Run run = cli("apply", model.toString(), ds.resolve("images/img1.png").toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        for (Path p : new SegmentationOutputs(out, "img1.png").all()) {
            assertTrue(Files.isRegularFile(p), p.toString());
        }
        assertFalse(Files.exists(out.resolve(ApplyCommand.SUMMARY)), "a summary is for folders");
    }

    @Test
    void aDamagedModelFileIsOneErrorLine() throws IOException {
        Path ds = dataset(2);
        Path bad = Files.writeString(tmp.resolve("bad.ssam"), "not a model");
        Run run = cli("apply", bad.toString(), ds.resolve("images/img0.png").toString(), "--out", tmp.resolve("o").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("error: The model file " + bad), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    /** The kind the README's Few-shot section marks "(default)" in its list of kinds ("- `linear` (default): ..."). */
    private static String readmeDefaultKind() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n## Few-shot");
        assertTrue(start >= 0, "the README has a Few-shot section");
        String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
        Matcher m = Pattern.compile("^- `([a-z]+)` \\(default\\)", Pattern.MULTILINE).matcher(section);
        assertTrue(m.find(), "the README's few-shot section marks one kind (default)");
        String kind = m.group(1);
        assertFalse(m.find(), "one kind marked (default)");
        return kind;
    }

    @Test
    void withoutHeadTrainAndFewShotEvaluationLearnTheKindTheReadmeCallsTheDefault() throws IOException {
        String documented = readmeDefaultKind();
        Path ds = dataset(3);
        Path model = tmp.resolve("default.ssam");
        Run train = cli("train", ds.toString(), "--shots", "2", "--iterations", "20", "--out", model.toString());
        assertEquals(0, train.exitCode(), train.err());
        assertEquals(documented, TrainedModelFile.read(model).kind().key());
        Run help = cli("train", "--help");
        assertTrue(help.out().replaceAll("\\s+", " ").contains("(default " + documented + ")"), help.out());
        Run eval = cli("evaluate", ds.toString(), "--fewshot", "2", "--iterations", "20", "--out", tmp.resolve("eval").toString());
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(eval.out().contains("repeat 0: trained " + documented + " on "), eval.out());
    }

    @Test
    void fewShotEvaluationNeverScoresATrainingImage() throws IOException {
        Path ds = dataset(4);
        Path out = tmp.resolve("eval");
        Run run = cli("evaluate", ds.toString(), "--fewshot", "1", "--repeats", "2", "--head", "linear", "--iterations", "20",
                "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(EvaluateCommandTest.LAST_LINE.matcher(run.out().lines().reduce((a, b) -> b).orElseThrow()).matches(), run.out());
        List<String> training = Files.readAllLines(out.resolve("training.csv"));
        List<String> perImage = Files.readAllLines(out.resolve("per-image.csv"));
        assertEquals(3, training.size(), "header and one line per repeat");
        for (int repeat = 0; repeat < 2; repeat++) {
            String trainedOn = training.get(1 + repeat).split(",")[2];
            int r = repeat;
            List<String> scored = perImage.stream().skip(1).filter(l -> l.split(",")[1].equals(Integer.toString(r)))
                    .map(l -> l.split(",")[0]).toList();
            assertEquals(3, scored.size(), "the other three images are scored in repeat " + repeat);
            assertFalse(scored.contains(trainedOn), trainedOn + " was trained on and scored");
        }
    }
}
