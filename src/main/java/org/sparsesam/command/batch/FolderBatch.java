package org.sparsesam.command.batch;

import ij.ImagePlus;
import ij.gui.Roi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.sparsesam.command.batch.BatchRow.Status;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.prompt.PointsCsv;
import org.sparsesam.ij.ImageConversion;
import org.sparsesam.ij.ImageFiles;
import org.sparsesam.ij.PointSources;

/**
 * Segments every image of a folder with the clicks of its points file ({@code <base>-points.csv} in the points
 * folder), writing {@link BatchOutputs} per image into the output folder (which may be the input folder itself).
 * <p>
 * Made to be left alone overnight: a bad image (unreadable, no or bad points, a failed segmentation) is reported
 * in the summary and the run goes on; only cancelling stops it. Images finished by an earlier run are skipped
 * unless {@code redo} (see {@link BatchJournal}), so re-running after a crash or a kill does only what is left.
 * {@code summary.csv} is rewritten after every image, so even a killed run leaves an up-to-date account.
 */
public final class FolderBatch {
    public static final String POINTS_SUFFIX = PointsCsv.FILE_SUFFIX;
    public static final String SUMMARY_FILE = "summary.csv";
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "tif", "tiff", "jpg", "jpeg", "bmp", "gif");

    /** Where a batch reads and writes, and whether finished images are done again. */
    public record Settings(Path input, Path pointsFolder, Path output, boolean redo) {}

    /** Segments one opened image with the clicks of a points file. */
    @FunctionalInterface
    public interface ImageSegmenter {
        SegmentResult segment(ImagePlus image, Path pointsFile, Progress progress, CancelToken cancel);
    }

    /** The segmenter of the Sparse SAM Batch command: the points file's clicks, checked against the image, into the core. */
    public static ImageSegmenter withPointsFiles(SparseSam sam) {
        return (image, points, progress, cancel) -> sam.segment(ImageConversion.toRaster(image),
                PointSources.collect(image, new Roi[0], points).points(), progress, cancel);
    }

    private final Settings settings;
    private final String optionsText;
    private final ImageSegmenter segmenter;

    /** @param optionsText the method's options as text, kept in the journal so a later run can say they differ */
    public FolderBatch(Settings settings, String optionsText, ImageSegmenter segmenter) {
        this.settings = settings;
        this.optionsText = optionsText;
        this.segmenter = segmenter;
    }

    /** Runs the batch; on cancel the summary (remaining images "not-reached") is written before the exception leaves. */
    public List<BatchRow> run(Progress progress, CancelToken cancel) {
        List<String> images = listImages(settings.input());
        if (images.isEmpty()) {
            throw new SparseSamException("The folder " + settings.input() + " holds no images (PNG, TIFF, JPEG, BMP or GIF): choose the folder with the images to segment.");
        }
        createOutputFolder(settings.output());
        BatchJournal journal = new BatchJournal(settings.output());
        List<BatchRow> rows = new ArrayList<>();
        Set<String> basesSeen = new HashSet<>();
        for (int i = 0; i < images.size(); i++) {
            String image = images.get(i);
            if (cancel.isCancelled()) {
                images.subList(i, images.size()).forEach(rest -> rows.add(new BatchRow(rest, Status.NOT_REACHED, -1, Double.NaN, "run cancelled")));
                writeSummary(rows);
                cancel.throwIfCancelled();
            }
            progress.report("image " + (i + 1) + "/" + images.size() + ": " + image, (double) i / images.size());
            BatchRow row;
            try {
                row = process(image, basesSeen, journal, scaled(progress, (double) i / images.size(), 1.0 / images.size()), cancel);
            } catch (CancelToken.CancelledException e) {
                images.subList(i, images.size()).forEach(rest -> rows.add(new BatchRow(rest, Status.NOT_REACHED, -1, Double.NaN, "run cancelled")));
                writeSummary(rows);
                throw e;
            }
            rows.add(row);
            progress.note(describe(row));
            writeSummary(rows);
        }
        progress.report("batch done", 1);
        return rows;
    }

    private BatchRow process(String image, Set<String> basesSeen, BatchJournal journal, Progress progress, CancelToken cancel) {
        String base = baseName(image);
        if (!basesSeen.add(base)) {
            return new BatchRow(image, Status.SKIPPED, -1, Double.NaN, "another image has the base name '" + base
                    + "', so their outputs would collide: rename one of them");
        }
        Path points = settings.pointsFolder().resolve(base + POINTS_SUFFIX);
        Optional<BatchJournal.Entry> finished = journal.read(image);
        if (!settings.redo() && finished.isPresent() && BatchOutputs.allExist(settings.output(), base)) {
            BatchJournal.Entry e = finished.get();
            String note = e.options().equals(optionsText) ? "finished earlier"
                    : "finished earlier with other options (" + e.options() + "): tick redo to segment it with the current ones";
            return new BatchRow(image, Status.ALREADY_DONE, e.objects(), Double.NaN, note);
        }
        if (!Files.isRegularFile(points)) {
            return new BatchRow(image, Status.SKIPPED, -1, Double.NaN, "no points file " + points.getFileName() + " in " + settings.pointsFolder());
        }
        // Forget first: if this attempt dies half-way, the image must count as unfinished.
        journal.forget(image);
        long start = System.nanoTime();
        try {
            ImagePlus imp = BatchImages.open(settings.input().resolve(image));
            SegmentResult result = segmenter.segment(imp, points, progress, cancel);
            BatchOutputs.write(settings.output(), base, imp, result);
            double seconds = (System.nanoTime() - start) / 1e9;
            journal.markFinished(image, new BatchJournal.Entry(result.count(), seconds, optionsText));
            return new BatchRow(image, Status.DONE, result.count(), seconds, String.join("; ", result.notes()));
        } catch (CancelToken.CancelledException e) {
            throw e;
        } catch (SparseSamException e) {
            return new BatchRow(image, Status.FAILED, -1, (System.nanoTime() - start) / 1e9, e.getMessage());
        } catch (RuntimeException e) {
            // A bug on one image should not cost the night's run; the class name keeps it visible.
            return new BatchRow(image, Status.FAILED, -1, (System.nanoTime() - start) / 1e9,
                    "internal error " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void writeSummary(List<BatchRow> rows) {
        String text = SummaryCsv.format(rows);
        ImageFiles.writeAtomically(settings.output().resolve(SUMMARY_FILE), tmp -> {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            return true;
        });
    }

    static String describe(BatchRow row) {
        return switch (row.status()) {
            case DONE -> row.image() + ": " + row.objects() + " objects (" + String.format(Locale.ROOT, "%.1f", row.seconds()) + " s)";
            case ALREADY_DONE -> row.image() + ": " + row.message() + ", skipped";
            default -> row.image() + ": " + row.status().word() + ": " + row.message();
        };
    }

    /**
     * The images of the folder in sorted order; hidden files and this batch's own label images (when the output
     * folder is the input folder) are not images to segment.
     */
    static List<String> listImages(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new SparseSamException("The input folder " + folder + " does not exist: choose the folder with the images to segment.");
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".") && !n.endsWith(BatchOutputs.LABELS_SUFFIX) && IMAGE_EXTENSIONS.contains(extension(n)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new SparseSamException("Could not list " + folder + " (" + e.getMessage() + "): check the folder's permissions.", e);
        }
    }

    private static void createOutputFolder(Path output) {
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new SparseSamException("The output " + output + " is a file: choose a folder for the results.");
        }
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new SparseSamException("Could not create the output folder " + output + " (" + e.getMessage() + "): check the path and permissions.", e);
        }
    }

    static String baseName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    private static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    /** Maps an image's [0, 1] onto its share of the whole batch, passing notes through. */
    private static Progress scaled(Progress parent, double offset, double span) {
        return new Progress() {
            @Override
            public void report(String stage, double fraction) {
                parent.report(stage, fraction < 0 ? fraction : offset + span * Math.min(1, fraction));
            }

            @Override
            public void note(String message) {
                parent.note(message);
            }
        };
    }
}
