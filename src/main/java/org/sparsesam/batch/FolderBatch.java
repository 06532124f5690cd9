package org.sparsesam.batch;

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
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.sparsesam.batch.BatchRow.Status;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.MemoryEstimate;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.ij.ImageFiles;

/**
 * The headless folder batch that the Fiji batch command, its macro and the command line's {@code apply} share: every
 * image of a folder goes through an {@link ImageJob}, and this class makes the run one that can be left alone
 * overnight and killed at any moment without loss.
 * <ul>
 * <li>A bad image (unreadable, no points, a failed segmentation, too large for the memory) is reported in the summary
 * and the run goes on; only cancelling (or a kill) stops it.</li>
 * <li>{@link BatchJournal} records each finished image; running the same batch again skips those whose outputs are
 * all present and does the rest, an image left half-written included.</li>
 * <li>{@code summary.csv} is rewritten (atomically) after every image, so even a killed run leaves an up-to-date
 * account.</li>
 * <li>Files in the output folder that this run did not write (no journal, or a journal of a run with other
 * settings) are never overwritten unless {@code redo}: the run refuses before it starts.</li>
 * </ul>
 */
public final class FolderBatch {
    public static final String SUMMARY_FILE = "summary.csv";

    /**
     * Where a batch reads and writes, and whether everything is done again.
     *
     * @param redo    segment every image again, overwriting what the output folder holds
     * @param howToRedo how the user asks for {@code redo} in this front end ("add --force"), for messages
     */
    public record Settings(Path input, Path output, boolean redo, String howToRedo) {}

    private final Settings settings;
    private final String runSettings;
    private final ImageJob job;

    /**
     * @param runSettings everything that decides the outputs (model, options, points folder) as text: a later run
     *                    resumes this one only when its text is the same
     */
    public FolderBatch(Settings settings, String runSettings, ImageJob job) {
        this.settings = settings;
        this.runSettings = runSettings;
        this.job = job;
    }

    /** Runs the batch, telling each image's outcome as a note; see {@link #run(Progress, CancelToken, Consumer)}. */
    public List<BatchRow> run(Progress progress, CancelToken cancel) {
        return run(progress, cancel, row -> progress.note(describe(row)));
    }

    /**
     * Runs the batch; on cancel the summary (remaining images "not-reached") is written before the exception leaves.
     *
     * @param eachImage told each image's outcome as soon as it is known (and journalled)
     */
    public List<BatchRow> run(Progress progress, CancelToken cancel, Consumer<BatchRow> eachImage) {
        List<String> images = imagesToDo();
        if (images.isEmpty()) {
            throw new SparseSamException("The folder " + settings.input() + " holds no images (PNG, TIFF, JPEG, BMP or GIF): choose the folder with the images to segment.");
        }
        createOutputFolder(settings.output());
        BatchJournal journal = new BatchJournal(settings.output());
        claimOutputFolder(journal, images);
        List<BatchRow> rows = new ArrayList<>();
        Set<String> basesSeen = new HashSet<>();
        for (int i = 0; i < images.size(); i++) {
            String image = images.get(i);
            try {
                cancel.throwIfCancelled();
                progress.report("image " + (i + 1) + "/" + images.size() + ": " + image, (double) i / images.size());
                rows.add(process(image, basesSeen, journal, Progress.scaled(progress, (double) i / images.size(), 1.0 / images.size()), cancel));
            } catch (CancelToken.CancelledException e) {
                images.subList(i, images.size()).forEach(rest -> rows.add(new BatchRow(rest, Status.NOT_REACHED, -1, Double.NaN, "run cancelled")));
                writeSummary(rows);
                throw e;
            }
            writeSummary(rows);
            eachImage.accept(rows.get(rows.size() - 1));
        }
        progress.report("batch done", 1);
        return rows;
    }

    /**
     * Refuses an output folder holding files this batch did not write, before anything is written: a journal of a
     * run with other settings (skipping its images would silently mix two settings; redoing them would overwrite), or,
     * without a journal, any output an image of this batch would write.
     */
    private void claimOutputFolder(BatchJournal journal, List<String> images) {
        Optional<String> earlier = journal.run();
        if (!settings.redo() && earlier.isPresent() && !earlier.get().equals(runSettings)) {
            throw new SparseSamException("The output folder " + settings.output() + " holds a batch run with other settings ("
                    + differences(earlier.get(), runSettings) + "): run the batch with the same settings to finish it, choose another output folder,"
                    + " or " + settings.howToRedo() + " to redo every image with the new settings.");
        }
        if (!settings.redo() && earlier.isEmpty()) {
            Optional<Path> foreign = Stream.concat(Stream.of(settings.output().resolve(SUMMARY_FILE)),
                    images.stream().flatMap(image -> job.outputs(settings.output(), ImageFiles.baseName(image)).stream())).filter(Files::exists).findFirst();
            if (foreign.isPresent()) {
                throw new SparseSamException("The output folder " + settings.output() + " already holds " + foreign.get().getFileName()
                        + ", which no batch journal there accounts for: choose another output folder, or " + settings.howToRedo() + " to overwrite such files.");
            }
        }
        if (settings.redo() || earlier.isEmpty()) {
            journal.startRun(runSettings);
        }
    }

    /** "then: minArea=0; now: minArea=30": the parts of two settings texts that differ, not both texts whole. */
    static String differences(String then, String now) {
        List<String> thenParts = List.of(then.split("; |, |\\[|\\]"));
        List<String> nowParts = List.of(now.split("; |, |\\[|\\]"));
        String was = String.join("; ", thenParts.stream().filter(p -> !p.isBlank() && !nowParts.contains(p)).toList());
        String is = String.join("; ", nowParts.stream().filter(p -> !p.isBlank() && !thenParts.contains(p)).toList());
        return was.isEmpty() && is.isEmpty() ? "then: " + then + "; now: " + now : "then: " + was + "; now: " + is;
    }

    private BatchRow process(String image, Set<String> basesSeen, BatchJournal journal, Progress progress, CancelToken cancel) {
        String base = ImageFiles.baseName(image);
        if (!basesSeen.add(base)) {
            return new BatchRow(image, Status.SKIPPED, -1, Double.NaN, "another image has the base name '" + base
                    + "', so their outputs would collide: rename one of them");
        }
        Path file = settings.input().resolve(image);
        Optional<BatchJournal.Entry> finished = journal.read(image);
        if (finished.isPresent() && job.outputs(settings.output(), base).stream().allMatch(Files::isRegularFile)) {
            return new BatchRow(image, Status.ALREADY_DONE, finished.get().objects(), Double.NaN, "finished earlier");
        }
        Optional<String> skip = job.skipReason(file, base);
        if (skip.isPresent()) {
            return new BatchRow(image, Status.SKIPPED, -1, Double.NaN, skip.get());
        }
        // Forget first: if this attempt dies half-way, the image must count as unfinished.
        journal.forget(image);
        long start = System.nanoTime();
        try {
            ImageJob.Outcome outcome = job.run(file, base, settings.output(), progress, cancel);
            double seconds = (System.nanoTime() - start) / 1e9;
            journal.markFinished(image, new BatchJournal.Entry(outcome.objects(), seconds));
            return new BatchRow(image, Status.DONE, outcome.objects(), seconds, String.join("; ", outcome.notes()));
        } catch (CancelToken.CancelledException e) {
            throw e;
        } catch (SparseSamException e) {
            return failed(image, start, e.getMessage());
        } catch (RuntimeException e) {
            // A bug on one image should not cost the night's run; the class name keeps it visible.
            return failed(image, start, "internal error " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (OutOfMemoryError e) {
            // The image's arrays are garbage by now, so the next (smaller) image can still be done.
            return failed(image, start, "it does not fit in the memory Java may use (" + MemoryEstimate.megabytes(Runtime.getRuntime().maxMemory())
                    + "): " + MemoryEstimate.RAISE_HEAP);
        }
    }

    private static BatchRow failed(String image, long start, String message) {
        return new BatchRow(image, Status.FAILED, -1, (System.nanoTime() - start) / 1e9, message);
    }

    private void writeSummary(List<BatchRow> rows) {
        String text = SummaryCsv.format(rows);
        ImageFiles.writeAtomically(settings.output().resolve(SUMMARY_FILE), tmp -> {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            return true;
        });
    }

    /** One line per image for the log or the console. */
    public static String describe(BatchRow row) {
        return switch (row.status()) {
            case DONE -> row.image() + ": " + row.objects() + " objects (" + String.format(Locale.ROOT, "%.1f", row.seconds()) + " s)";
            case ALREADY_DONE -> row.image() + ": " + row.message() + ", kept"; // "skipped" is for images left out
            default -> row.image() + ": " + row.status().word() + ": " + row.message();
        };
    }

    /**
     * The images of the input folder in sorted order; hidden files are not images to segment, and neither are this
     * batch's own outputs when the output folder is the input folder.
     */
    private List<String> imagesToDo() {
        List<String> images = listImages(settings.input());
        if (!sameFolder(settings.input(), settings.output())) {
            return images;
        }
        Set<String> outputs = new HashSet<>();
        images.forEach(image -> job.outputs(settings.output(), ImageFiles.baseName(image)).forEach(p -> outputs.add(p.getFileName().toString())));
        return images.stream().filter(image -> !outputs.contains(image)).toList();
    }

    /** The files of a folder with an image extension, hidden ones left out, in sorted order. */
    public static List<String> listImages(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new SparseSamException("The input folder " + folder + " does not exist: choose the folder with the images to segment.");
        }
        return ImageFiles.listImages(folder);
    }

    private static boolean sameFolder(Path a, Path b) {
        try {
            return Files.isDirectory(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
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

}
