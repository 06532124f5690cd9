package org.sparsesam.batch;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.ij.ImageFiles;

/**
 * What a batch run has finished, under {@code <output>/journal/}: {@code run.properties} says which run the folder
 * belongs to (written before the first output, so every output in the folder is known to be this run's), and one
 * small entry per image, written only after all of that image's outputs are in place and removed before an image is
 * redone. An image is finished when its entry exists and its outputs do, so a run killed at any moment, or an output
 * deleted by hand, costs exactly the images that are not complete. Per-image entries rather than one appended file:
 * a kill can truncate an append, never an atomic rename. Entries are flushed to the disk before the rename, so a
 * power cut does not leave an empty entry that claims an image.
 */
final class BatchJournal {
    static final String FOLDER = "journal";
    static final String RUN_FILE = "run.properties";
    private static final String DONE = ".done";

    /** What the journal remembers of a finished image. */
    record Entry(int objects, double seconds) {}

    private final Path folder;

    BatchJournal(Path output) {
        this.folder = output.resolve(FOLDER);
    }

    Path folder() {
        return folder;
    }

    Path entryFile(String image) {
        return folder.resolve(image + DONE);
    }

    /** The settings of the run this folder belongs to, or empty when no run has started in it. */
    Optional<String> run() {
        return properties(folder.resolve(RUN_FILE)).map(p -> p.getProperty("run", ""));
    }

    /** Makes the folder this run's: forgets every finished image and records the run's settings. */
    void startRun(String run) {
        try {
            Files.createDirectories(folder);
            try (Stream<Path> entries = Files.list(folder)) {
                for (Path entry : entries.filter(p -> p.getFileName().toString().endsWith(DONE)).toList()) {
                    Files.delete(entry);
                }
            }
        } catch (IOException e) {
            throw new SparseSamException("Could not prepare " + folder + " (" + e.getMessage() + "): check that the output folder is writable.", e);
        }
        Properties p = new Properties();
        p.setProperty("run", run);
        write(folder.resolve(RUN_FILE), p, "Sparse SAM batch: the run this output folder belongs to");
    }

    Optional<Entry> read(String image) {
        return properties(entryFile(image)).flatMap(p -> {
            try {
                return Optional.of(new Entry(Integer.parseInt(p.getProperty("objects", "-1")), Double.parseDouble(p.getProperty("seconds", "NaN"))));
            } catch (NumberFormatException e) {
                return Optional.empty(); // an unreadable entry means "not finished": redoing is the safe side
            }
        });
    }

    void markFinished(String image, Entry entry) {
        Properties p = new Properties();
        p.setProperty("image", image);
        p.setProperty("objects", Integer.toString(entry.objects()));
        p.setProperty("seconds", Double.toString(entry.seconds()));
        write(entryFile(image), p, "Sparse SAM batch: this image is finished; delete this file to redo it");
    }

    void forget(String image) {
        try {
            Files.deleteIfExists(entryFile(image));
        } catch (IOException e) {
            throw new SparseSamException("Could not remove " + entryFile(image) + " (" + e.getMessage() + "): check the output folder's permissions.", e);
        }
    }

    private static Optional<Properties> properties(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
            return Optional.of(p);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void write(Path file, Properties p, String comment) {
        StringWriter text = new StringWriter();
        try {
            Files.createDirectories(folder);
            p.store(text, comment);
        } catch (IOException e) {
            throw new SparseSamException("Could not create " + folder + " (" + e.getMessage() + "): check that the output folder is writable.", e);
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        ImageFiles.writeAtomically(file, tmp -> {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            return true;
        });
    }
}
