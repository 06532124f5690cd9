package org.sparsesam.cli;

import org.sparsesam.ij.DatasetFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.EncoderFactory;
import org.sparsesam.core.fewshot.FewShotModel;
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
 * needed. A folder is done image by image; an image that cannot be read or segmented is reported and skipped,
 * and summary.csv lists every image's outcome.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Segment an image, or every image of a folder, with a model made by 'train'; writes the same files as segment.")
public final class ApplyCommand implements Callable<Integer> {
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "tif", "tiff", "jpg", "jpeg", "bmp", "gif");
    static final String SUMMARY = "summary.csv";

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

    @Option(names = "--force", description = "Overwrite results already in the output folder.")
    boolean force;

    @Mixin SegmentOptionsMixin segmentOptions;

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
        List<Path> images = folder ? imagesIn(input) : List.of(input);
        if (images.isEmpty()) {
            throw new SparseSamException("The folder " + input + " holds no images (" + String.join(", ", IMAGE_EXTENSIONS.stream().sorted().toList())
                    + "): give an image file or a folder of images.");
        }
        if (points != null && folder != Files.isDirectory(points)) {
            throw new SparseSamException(folder ? "--points " + points + " is a file but the input is a folder: give a folder of <image name>.csv files."
                    : "--points " + points + " is a folder but the input is one image: give its points file.");
        }
        for (Path image : images) {
            new SegmentationOutputs(out, image.getFileName().toString()).checkWritable(force);
        }
        if (folder && Files.exists(out.resolve(SUMMARY)) && !force) {
            throw new SparseSamException(out.resolve(SUMMARY) + " already exists: use --force to overwrite it, or choose another --out.");
        }
        Progress progress = new Progress() {
            @Override
            public void report(String stage, double fraction) {}

            @Override
            public void note(String message) {
                stderr.println("note: " + message);
            }
        };
        StringBuilder summary = new StringBuilder("image,status,objects,message\n");
        int failed = 0;
        try (SparseSam sam = new SparseSam(options, EncoderFactory.create(options.encoder()))) {
            for (Path image : images) {
                String name = image.getFileName().toString();
                try {
                    InputImage in = InputImage.open(image);
                    in.notes().forEach(n -> stderr.println("note: " + n));
                    List<Point> clicks = clicksFor(image);
                    SegmentResult result = sam.segment(in.raster(), clicks, model, progress, CancelToken.none());
                    new SegmentationOutputs(out, name).write(result);
                    stdout.println(result.count() + " objects in " + name + " -> " + out);
                    summary.append(EvaluationCsv.quote(name)).append(",ok,").append(result.count()).append(",\n");
                } catch (CancelToken.CancelledException e) {
                    throw e;
                } catch (RuntimeException e) {
                    if (!folder) {
                        throw e;
                    }
                    failed++;
                    // A bug on one image should not cost the folder; the class name keeps it visible.
                    String message = e instanceof SparseSamException ? e.getMessage()
                            : "internal error " + e.getClass().getSimpleName() + ": " + e.getMessage();
                    stderr.println("error: " + name + ": " + message + " (skipped)");
                    summary.append(EvaluationCsv.quote(name)).append(",failed,,").append(EvaluationCsv.quote(message)).append('\n');
                }
                stdout.flush();
            }
        }
        if (folder) {
            String text = summary.toString();
            org.sparsesam.ij.ImageFiles.writeAtomically(out.resolve(SUMMARY), tmp -> {
                Files.writeString(tmp, text, java.nio.charset.StandardCharsets.UTF_8);
                return true;
            });
            stdout.println((images.size() - failed) + " of " + images.size() + " images segmented"
                    + (failed > 0 ? ", " + failed + " skipped (see " + SUMMARY + ")" : "") + "; summary in " + out.resolve(SUMMARY));
        }
        stdout.flush();
        return folder && failed == images.size() ? 1 : 0;
    }

    private List<Point> clicksFor(Path image) {
        if (points == null) {
            return List.of();
        }
        if (!Files.isDirectory(points)) {
            return InputImage.readPoints(points);
        }
        Path csv = points.resolve(DatasetFolder.baseName(image.getFileName().toString()) + ".csv");
        return Files.isRegularFile(csv) ? InputImage.readPoints(csv) : List.of();
    }

    static List<Path> imagesIn(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> IMAGE_EXTENSIONS.contains(extension(p.getFileName().toString()))).sorted().toList();
        } catch (IOException e) {
            throw new SparseSamException("Could not list " + folder + " (" + e.getMessage() + "): check the folder's permissions.", e);
        }
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }
}
