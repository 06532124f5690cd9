package org.sparsesam.cli;

import java.awt.image.RenderedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.ij.ImageFiles;

/** A folder a command writes its results to: never overwritten silently, every file written atomically. */
final class OutputFolder {
    private final Path root;

    private OutputFolder(Path root) {
        this.root = root;
    }

    /**
     * Checks the folder, refusing one that already holds files unless {@code force}. It is made by the first
     * file written, so a run that fails before it has a result leaves no empty folder behind.
     */
    static OutputFolder prepare(Path root, boolean force) {
        if (!force && Files.isDirectory(root) && !isEmpty(root)) {
            throw new SparseSamException("The output folder " + root + " is not empty: choose another --out, or add --force to overwrite its files.");
        }
        checkCanCreate(root);
        return new OutputFolder(root);
    }

    /** Checks that {@code dir} is a writable folder or can be made one, without making it. */
    static void checkCanCreate(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new SparseSamException("--out " + dir + " is a file: give a folder for the results.");
        }
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new SparseSamException("Cannot create the output folder " + dir + ": " + existing + " is a file; choose another --out.");
        }
        if (!Files.isWritable(existing)) {
            throw new SparseSamException("Cannot create the output folder " + dir + ": " + existing + " is not writable; choose another --out.");
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new SparseSamException("Could not read the output folder " + dir + " (" + e.getMessage() + "): check its permissions.", e);
        }
    }

    Path root() {
        return root;
    }

    Path writeText(String relative, String text) {
        Path file = resolve(relative);
        ImageFiles.writeAtomically(file, tmp -> {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            return true;
        });
        return file;
    }

    Path writePng(String relative, RenderedImage image) {
        Path file = resolve(relative);
        ImageFiles.writeAtomically(file, tmp -> ImageIO.write(image, "png", tmp.toFile()));
        return file;
    }

    private Path resolve(String relative) {
        Path file = root.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new SparseSamException("Could not create " + file.getParent() + " (" + e.getMessage() + "): check the permissions of " + root + ".", e);
        }
        return file;
    }
}
