package org.sparsesam.cli;

import org.sparsesam.ij.DatasetFolder;
import java.io.PrintWriter;
import java.util.Locale;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.encode.EncoderFactory;
import org.sparsesam.core.eval.EvaluationReport;
import org.sparsesam.core.fewshot.FewShotEvaluation;
import org.sparsesam.core.fewshot.FewShotKind;
import org.sparsesam.core.fewshot.FewShotSettings;

/**
 * {@code evaluate DATASET --fewshot K}: the few-shot branch of {@link EvaluateCommand}. --head names the model
 * kind here (linear, prototypes or cnn; {@link FewShotKind#DEFAULT_KEY} when not given), --iterations and --lr its training, and
 * the other method options apply as for clicks. Writes the same files, plus training.csv (the images each
 * repeat trained on).
 */
final class FewShotEvaluate {
    private final EvaluateCommand command;

    FewShotEvaluate(EvaluateCommand command) {
        this.command = command;
    }

    int run(PrintWriter stdout, PrintWriter stderr) {
        SegmentOptionsMixin method = command.method;
        boolean headGiven = command.spec.commandLine().getParseResult().hasMatchedOption("--head");
        boolean iterationsGiven = command.spec.commandLine().getParseResult().hasMatchedOption("--iterations");
        FewShotKind kind = headGiven ? FewShotKind.parse(method.head) : FewShotKind.defaultKind();
        // --head names the model kind here; test-time tuning after the model (--tune head) keeps its default head.
        SegmentOptions options = SegmentOptions.builder().encoder(method.encoder).minArea(method.minArea)
                .splitTouching(!method.noSplit).tune(method.tune).tuneIterations(method.iterations)
                .learningRate(method.learningRate).seed(method.seed).build();
        FewShotSettings settings = FewShotSettings.defaults(kind).withSeed(method.seed).withLearningRate(method.learningRate)
                .withIterations(iterationsGiven ? method.iterations : FewShotSettings.DEFAULT_ITERATIONS);
        DatasetFolder folder = new DatasetFolder(command.dataset);
        OutputFolder output = OutputFolder.prepare(command.out, command.force);
        StringBuilder training = new StringBuilder("repeat,seed,training_images\n");
        EvaluationReport report;
        try (SparseSam sam = new SparseSam(options, EncoderFactory.create(options.encoder()))) {
            report = new FewShotEvaluation(sam, command.fewshot, settings, method.seed, command.repeats).run(folder,
                    new EvaluateCommand.Reporter(stdout, output, command.repeats),
                    (repeat, model) -> {
                        stdout.println("repeat " + repeat + ": trained " + kind.key() + " on " + String.join(", ", model.trainingImages())
                                + " (stain prior " + model.stainPrior() + ")");
                        training.append(repeat).append(',').append(method.seed + repeat).append(',')
                                .append(EvaluationCsv.quote(String.join(" ", model.trainingImages()))).append('\n');
                    }, Progress.NONE, CancelToken.none());
        }
        output.writeText("training.csv", training.toString());
        EvaluateCommand.writeResults(report, output, String.format(Locale.ROOT, "Dice per image: %s, few-shot %s K=%d, seed %d, repeats %d",
                report.dataset(), kind.key(), command.fewshot, method.seed, command.repeats));
        stdout.println(report.evaluatedImages() + " images evaluated, " + report.skippedImages() + " skipped, "
                + report.failedImages() + " failed; results in " + output.root());
        stdout.println(EvaluationCsv.meanLine(report));
        stdout.flush();
        if (report.evaluatedImages() == 0) {
            stderr.println("No image could be evaluated: see the reasons above and in per-image.csv.");
            return 1;
        }
        return 0;
    }
}
