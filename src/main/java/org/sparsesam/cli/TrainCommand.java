package org.sparsesam.cli;

import org.sparsesam.ij.DatasetFolder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.EncoderFactory;
import org.sparsesam.core.fewshot.DatasetTraining;
import org.sparsesam.core.fewshot.FewShotKind;
import org.sparsesam.core.fewshot.FewShotModel;
import org.sparsesam.core.fewshot.FewShotSettings;
import org.sparsesam.core.model.TrainedModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sparse-sam train DATASET --shots K --head linear|prototypes|cnn --out model.ssam}. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Learn a few-shot model from K annotated images of a dataset folder (images/ and masks/); apply it with 'apply'.")
public final class TrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATASET", description = "Folder with images/ and masks/ (same file names; instance labels or binary masks).")
    Path dataset;

    @Option(names = "--shots", defaultValue = "0", paramLabel = "K", description = "Annotated images to train on, drawn at random with --seed.")
    int shots;

    @Option(names = "--images", split = ",", paramLabel = "NAME", description = "Train on these images of the dataset instead of drawing --shots at random.")
    List<String> images;

    @Option(names = "--head", defaultValue = FewShotKind.DEFAULT_KEY, paramLabel = "KIND",
            description = "What to learn: linear, prototypes or cnn (default ${DEFAULT-VALUE}).")
    String head;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The model file to write (.ssam).")
    Path out;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the draw and of training (default 1).")
    long seed;

    @Option(names = "--encoder", defaultValue = SegmentOptions.DEFAULT_ENCODER, paramLabel = "NAME", description = "Encoder: builtin (default).")
    String encoder;

    @Option(names = "--iterations", defaultValue = "" + FewShotSettings.DEFAULT_ITERATIONS, paramLabel = "N",
            description = "Most training steps of a linear or cnn head (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--lr", defaultValue = "0", paramLabel = "RATE", description = "Learning rate of a head; 0 = the head's default.")
    double learningRate;

    @Option(names = "--dev", defaultValue = "2", paramLabel = "N",
            description = "Other annotated images on which the model's Dice is measured and recorded (default ${DEFAULT-VALUE}).")
    int dev;

    @Option(names = "--force", description = "Overwrite an existing model file.")
    boolean force;

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(TrainedModelFile.EXTENSION)) {
            throw new SparseSamException("--out " + out + " does not end in " + TrainedModelFile.EXTENSION + ": name the model file model"
                    + TrainedModelFile.EXTENSION + " or similar.");
        }
        if (Files.exists(out) && !force) {
            throw new SparseSamException(out + " already exists: use --force to overwrite it, or choose another --out.");
        }
        FewShotSettings settings = FewShotSettings.defaults(FewShotKind.parse(head)).withSeed(seed).withIterations(iterations)
                .withLearningRate(learningRate);
        DatasetFolder folder = new DatasetFolder(dataset);
        List<String> annotated = DatasetTraining.annotatedItems(folder);
        List<String> training;
        if (images != null && !images.isEmpty()) {
            for (String name : images) {
                if (!annotated.contains(name)) {
                    throw new SparseSamException("--images names " + name + ", which is not an annotated image of " + dataset
                            + ": give file names from its images/ folder that have a mask.");
                }
            }
            training = annotated.stream().filter(images::contains).toList();
        } else {
            training = DatasetTraining.draw(annotated, shots, seed);
        }
        Progress progress = new Progress() {
            @Override
            public void report(String stage, double fraction) {}

            @Override
            public void note(String message) {
                stderr.println("note: " + message);
            }
        };
        FewShotModel model;
        try (SparseSam sam = new SparseSam(SegmentOptions.defaults().toBuilder().encoder(encoder).seed(seed).build(),
                EncoderFactory.create(encoder))) {
            model = DatasetTraining.train(sam, folder, training, settings, dev, progress, CancelToken.none());
        }
        TrainedModelFile.write(model, out);
        stdout.println("trained " + model.kind().key() + " on " + String.join(", ", model.trainingImages())
                + " (stain prior " + model.stainPrior() + String.format(Locale.ROOT, ", object radius %.1f px", model.objectRadius()) + ")");
        if (Double.isFinite(model.devDice())) {
            stdout.println(String.format(Locale.ROOT, "development Dice %.4f on %s", model.devDice(), String.join(", ", model.devImages())));
        }
        stdout.println("model -> " + out);
        stdout.flush();
        return 0;
    }
}
