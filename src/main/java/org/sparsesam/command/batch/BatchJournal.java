package org.sparsesam.command.batch;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.ij.ImageFiles;

/**
 * Which images a batch has finished: one small entry per image under {@code <output>/journal/}, written (atomically)
 * only after all of that image's outputs are in place and removed before an image is redone. An image is finished
 * when its entry exists and its outputs do, so a run killed at any moment, or an output deleted by hand, costs
 * exactly the images that are not complete. Per-image entries rather than one appended file: a kill can truncate
 * an append, never an atomic rename.
 */
final class BatchJournal {
    static final String FOLDER = "journal";

    /** What the journal remembers of a finished image. */
    record Entry(int objects, double seconds, String options) {}

    private final Path folder;

    BatchJournal(Path output) {
        this.folder = output.resolve(FOLDER);
    }

    Path entryFile(String image) {
        return folder.resolve(image + ".done");
    }

    Optional<Entry> read(String image) {
        Path file = entryFile(image);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
            return Optional.of(new Entry(Integer.parseInt(p.getProperty("objects", "-1")),
                    Double.parseDouble(p.getProperty("seconds", "NaN")), p.getProperty("options", "")));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // an unreadable entry means "not finished": redoing is the safe side
        }
    }

    void markFinished(String image, Entry entry) {
        Properties p = new Properties();
        p.setProperty("image", image);
        p.setProperty("objects", Integer.toString(entry.objects()));
        p.setProperty("seconds", Double.toString(entry.seconds()));
        p.setProperty("options", entry.options());
        StringWriter text = new StringWriter();
        try {
            Files.createDirectories(folder);
            p.store(text, "Sparse SAM batch: this image is finished; delete this file to redo it");
        } catch (IOException e) {
            throw new SparseSamException("Could not create " + folder + " (" + e.getMessage() + "): check that the output folder is writable.", e);
        }
        ImageFiles.writeAtomically(entryFile(image), tmp -> {
            Files.writeString(tmp, text.toString(), StandardCharsets.UTF_8);
            return true;
        });
    }

    void forget(String image) {
        try {
            Files.deleteIfExists(entryFile(image));
        } catch (IOException e) {
            throw new SparseSamException("Could not remove " + entryFile(image) + " (" + e.getMessage() + "): check the output folder's permissions.", e);
        }
    }
}
