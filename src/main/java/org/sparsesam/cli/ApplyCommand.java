package org.sparsesam.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.sparsesam.batch.BatchRow;
import org.sparsesam.batch.FolderBatch;
import org.sparsesam.batch.ImageJob;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.EncoderFactory;
import org.sparsesam.core.fewshot.FewShotModel;
import org.sparsesam.core.model.Checksums;
import org.sparsesam.core.model.TrainedModelFile;
import org.sparsesam.core.prompt.Point;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sparse-sam apply model.ssam IMAGE_OR_FOLDER --out DIR}: segments with a trained model, no clicks
 * needed. A folder is a {@link FolderBatch}: an image that cannot be read or segmented is reported and passed,
 * summary.csv lists every image's outcome and is rewritten after each one, and the same command run again after a
 * crash or a kill finishes what is left; results of another run are only overwritten with --force.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Segment an image, or every image of a folder, with a model made by 'train'; writes the same files as segment."
                + " On a folder, run the same command again to finish an interrupted run.")
public final class ApplyCommand implements Callable<Integer> {
    static final String SUMMARY = FolderBatch.SUMMARY_FILE;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A .ssam model file made by 'train'.")
    Path modelFile;

    @Parameters(index = "1", paramLabel = "IMAGE_OR_FOLDER", description = "An image file, or a folder of images.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created if missing).")
    Path out;

    @Option(names = "--points", paramLabel = "CSV",
            description = "Clicks that extend the model (x,y,label lines); for a folder, a folder of <image name>.csv files.")
    Path points;

    @Option(names = "--force", description = "Overwrite results already in the output folder (for a folder: redo every image).")
    boolean force;

    @Mixin SegmentOptionsMixin segmentOptions;

    /** Wraps the folder job; tests put one in that dies half-way, as a killed run would. */
    UnaryOperator<ImageJob> folderJobWrapper = UnaryOperator.identity();

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        FewShotModel model = TrainedModelFile.read(modelFile);
        boolean encoderGiven = spec.commandLine().getParseResult().hasMatchedOption("--encoder");
        SegmentOptions options = segmentOptions.toOptions();
        if (!encoderGiven) {
            options = options.toBuilder().encoder(model.encoderId()).build();
        }
        boolean folder = Files.isDirectory(input);
        if (points != null && folder != Files.isDirectory(points)) {
            throw new SparseSamException(folder ? "--points " + points + " is a file but the input is a folder: give a folder of <image name>.csv files."
                    : "--points " + points + " is a folder but the input is one image: give its points file.");
        }
        if (!folder) {
            new SegmentationOutputs(out, input.getFileName().toString()).checkWritable(force); // before the encoder is loaded
        }
        Progress progress = new Progress() {
            @Override
            public void report(String stage, double fraction) {}

            @Override
            public void note(String message) {
                stderr.println("note: " + message);
            }
        };
        try (SparseSam sam = new SparseSam(options, EncoderFactory.create(options.encoder()))) {
            return folder ? applyToFolder(sam, model, options, progress, stdout, stderr) : applyToImage(sam, model, progress, stdout, stderr);
        }
    }

    private int applyToImage(SparseSam sam, FewShotModel model, Progress progress, PrintWriter stdout, PrintWriter stderr) {
        String name = input.getFileName().toString();
        InputImage in = InputImage.open(input);
        in.notes().forEach(n -> stderr.println("note: " + n));
        List<Point> clicks = points == null ? List.of() : InputImage.readPoints(points);
        SegmentResult result = sam.segment(in.raster(), clicks, model, progress, CancelToken.none());
        new SegmentationOutputs(out, name).write(result);
        stdout.println(result.count() + " objects in " + name + " -> " + out);
        stdout.flush();
        return 0;
    }

    private int applyToFolder(SparseSam sam, FewShotModel model, SegmentOptions options, Progress progress, PrintWriter stdout, PrintWriter stderr) {
        FolderBatch batch = new FolderBatch(new FolderBatch.Settings(input, out, force, "add --force"), runSettings(options),
                folderJobWrapper.apply(new ApplyFolderJob(sam, model, points)));
        List<BatchRow> rows = batch.run(progress, CancelToken.none(), row -> {
            switch (row.status()) {
                case DONE -> stdout.println(row.objects() + " objects in " + row.image() + " -> " + out);
                case ALREADY_DONE -> stdout.println(row.image() + ": kept from an earlier run");
                default -> stderr.println("error: " + row.image() + ": " + row.message() + " (" + row.status().word() + ")");
            }
            stdout.flush();
            stderr.flush();
        });
        long failed = count(rows, BatchRow.Status.FAILED);
        // "skipped" only for images left out for a reason, never for those an earlier run finished
        stdout.println(rows.size() + " images: " + count(rows, BatchRow.Status.DONE) + " segmented, "
                + count(rows, BatchRow.Status.ALREADY_DONE) + " kept from an earlier run, " + failed + " failed, "
                + count(rows, BatchRow.Status.SKIPPED) + " skipped; reasons and summary in " + out.resolve(SUMMARY));
        stdout.flush();
        return failed == rows.size() ? 1 : 0;
    }

    /** Everything besides the images that decides the outputs: a rerun resumes only a run with the same. */
    private String runSettings(SegmentOptions options) {
        return "model " + modelFile.getFileName() + " (sha256 " + Checksums.sha256(modelFile) + "); points "
                + (points == null ? "none" : points.toAbsolutePath().normalize().toString()) + "; " + options;
    }

    private static long count(List<BatchRow> rows, BatchRow.Status status) {
        return rows.stream().filter(r -> r.status() == status).count();
    }
}
