package org.sparsesam.cli;

import org.sparsesam.ij.DatasetFolder;
import org.sparsesam.ij.ImageFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.EncoderFactory;
import org.sparsesam.core.eval.EvaluationListener;
import org.sparsesam.core.eval.EvaluationReport;
import org.sparsesam.core.eval.EvaluationRunner;
import org.sparsesam.core.eval.EvaluationSettings;
import org.sparsesam.core.eval.ItemEvaluation;
import org.sparsesam.core.eval.Metric;
import org.sparsesam.core.eval.Segmenter;
import org.sparsesam.core.eval.StainThresholdBaseline;
import org.sparsesam.core.prompt.PointsCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate DATASET --out DIR}: simulated clicks on every image of a dataset, segmentation, scores.
 * Writes per-image.csv and summary.csv (reproducible: same seed, same bytes), timings.csv, an overlay per
 * image, the clicks used, and a Dice bar plot. The last line printed is
 * {@code mean dice D iou I aji A pq P images N} for scripts.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate on a dataset folder (images/ and masks/ with the same file names) with simulated clicks.")
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATASET", description = "Folder with images/ and masks/ (same file names).")
    Path dataset;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the results; must be empty unless --force.")
    Path out;

    @Mixin
    ClickProtocolMixin clickProtocol;

    @Option(names = "--repeats", defaultValue = "1", description = "Repeats with consecutive seeds (default: ${DEFAULT-VALUE}).")
    int repeats;

    /** The method's options, as for segment; --seed also seeds the clicks (repeat r uses seed + r). */
    @picocli.CommandLine.Mixin SegmentOptionsMixin method = new SegmentOptionsMixin();

    @Option(names = "--force", description = "Write into a non-empty output folder, overwriting files of the same names.")
    boolean force;

    @Option(names = "--fewshot", defaultValue = "0", paramLabel = "K",
            description = "Few-shot mode: train a model (--head linear, the default, prototypes or cnn) on K images drawn from the set and score"
                    + " the others with no clicks; --repeats draws again with consecutive seeds.")
    int fewshot;

    @Option(names = "--baseline", paramLabel = "STAIN",
            description = "Evaluate the click-free floor instead of the method: a threshold on one stain (haematoxylin for nuclei,"
                    + " eosin for glands) with the same clean-up and watershed, on the same images and metrics; clicks are ignored.")
    String baseline;

    private final Function<SegmentOptions, Segmenter> segmenterOverride;

    public EvaluateCommand() {
        this(null);
    }

    /** For tests: evaluate a given segmenter instead of building a SparseSam. */
    EvaluateCommand(Function<SegmentOptions, Segmenter> segmenterOverride) {
        this.segmenterOverride = segmenterOverride;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        try {
            if (fewshot > 0) {
                return new FewShotEvaluate(this).run(stdout, stderr);
            }
            SegmentOptions options = method.toOptions();
            EvaluationSettings settings = new EvaluationSettings(clickProtocol.counts(), clickProtocol.protocol(), options.seed(), repeats);
            DatasetFolder folder = new DatasetFolder(dataset);
            OutputFolder output = OutputFolder.prepare(out, force);
            EvaluationListener listener = new Reporter(stdout, output, settings.repeats());
            EvaluationReport report;
            if (baseline != null) {
                Segmenter floor = new StainThresholdBaseline(StainThresholdBaseline.Stain.parse(baseline));
                report = new EvaluationRunner(settings, floor).run(folder, listener, Progress.NONE, CancelToken.none());
            } else if (segmenterOverride != null) {
                report = new EvaluationRunner(settings, segmenterOverride.apply(options)).run(folder, listener, Progress.NONE, CancelToken.none());
            } else {
                try (SparseSam sam = new SparseSam(options, EncoderFactory.create(options, new NotesProgress(stderr)))) {
                    report = new EvaluationRunner(settings, sam::segment).run(folder, listener, Progress.NONE, CancelToken.none());
                }
            }
            writeResults(report, output);
            stdout.println(report.evaluatedImages() + " images evaluated, " + report.skippedImages() + " skipped, "
                    + report.failedImages() + " failed; results in " + output.root());
            stdout.println(EvaluationCsv.meanLine(report));
            stdout.flush();
            if (report.evaluatedImages() == 0) {
                stderr.println("No image could be evaluated: see the reasons above and in per-image.csv.");
                return 1;
            }
            return 0;
        } catch (CancelToken.CancelledException e) {
            stderr.println(e.getMessage());
            return 130;
        } catch (SparseSamException e) {
            stderr.println("error: " + e.getMessage());
            return 1;
        } finally {
            stdout.flush();
            stderr.flush();
        }
    }

    static void writeResults(EvaluationReport report, OutputFolder output) {
        EvaluationSettings s = report.settings();
        writeResults(report, output, "Dice per image: " + report.dataset() + ", clicks " + s.clicks() + " " + s.protocol().key()
                + ", seed " + s.seed() + ", repeats " + s.repeats());
    }

    static void writeResults(EvaluationReport report, OutputFolder output, String title) {
        output.writeText("per-image.csv", EvaluationCsv.perImage(report));
        output.writeText("summary.csv", EvaluationCsv.summary(report));
        output.writeText("timings.csv", EvaluationCsv.timings(report));
        Map<String, List<Double>> dice = new LinkedHashMap<>();
        for (ItemEvaluation e : report.evaluations()) {
            if (e.isOk()) {
                dice.computeIfAbsent(e.item(), k -> new ArrayList<>()).add(e.metrics().dice());
            }
        }
        List<DiceBarPlot.Bar> bars = new ArrayList<>();
        dice.forEach((item, values) -> bars.add(new DiceBarPlot.Bar(item,
                values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN))));
        output.writePng("dice.png", DiceBarPlot.draw(title, bars, report.summary(Metric.DICE).mean()));
    }

    /** Prints a line per evaluation and writes its overlay and clicks as soon as it is done. */
    static final class Reporter implements EvaluationListener {
        private final PrintWriter stdout;
        private final OutputFolder output;
        private final int repeats;

        Reporter(PrintWriter stdout, OutputFolder output, int repeats) {
            this.stdout = stdout;
            this.output = output;
            this.repeats = repeats;
        }

        @Override
        public void evaluated(ItemEvaluation e, Artifacts artifacts) {
            String name = repeats > 1 && e.isOk() ? e.item() + " r" + e.repeat() : e.item();
            if (e.isOk()) {
                var m = e.metrics();
                stdout.println(name + " dice " + EvaluationCsv.number(m.dice(), 4) + " iou " + EvaluationCsv.number(m.iou(), 4)
                        + " aji " + EvaluationCsv.number(m.aji(), 4) + " pq " + EvaluationCsv.number(m.pq(), 4)
                        + " objects " + m.predObjects() + " (truth " + m.gtObjects() + ")");
            } else {
                stdout.println(name + " " + e.status().key() + ": " + e.message());
            }
            for (String note : e.notes()) {
                stdout.println("  note: " + note);
            }
            stdout.flush();
            String base = ImageFiles.baseName(e.item());
            if (!e.points().isEmpty()) {
                output.writeText("clicks/" + base + "-r" + e.repeat() + ".csv", PointsCsv.format(e.points()));
            }
            if (artifacts != null && e.repeat() == 0) {
                output.writePng("overlays/" + base + ".png", EvaluationOverlay.draw(artifacts.image(),
                        artifacts.groundTruthObjects(), artifacts.prediction(), e.points()));
            }
        }
    }
}
