package org.sparsesam.ij;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.sparsesam.core.SparseSamException;

/** Reads and writes image files through ImageJ, with clear messages and atomic writes. */
public final class ImageFiles {
    /** The file types a folder of images is read for (what ImageJ opens without plugins). */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "tif", "tiff", "jpg", "jpeg", "bmp", "gif");

    private ImageFiles() {}

    /**
     * The names of the files in {@code folder} with an image extension, hidden ones left out, sorted; the caller
     * has checked that the folder exists and says what it is for.
     */
    public static List<String> listImages(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".") && IMAGE_EXTENSIONS.contains(extension(n))).sorted().toList();
        } catch (IOException e) {
            throw new SparseSamException("Could not list " + folder + " (" + e.getMessage() + "): check the folder's permissions.", e);
        }
    }

    /** The file name without its extension: the stem every output of an image is named after. */
    public static String baseName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    private static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    public static ImagePlus open(Path file) {
        checkReadable(file);
        return ImageFileReader.open(file, true);
    }

    /**
     * Opens an image, first handing the header's width and height to {@code beforeDecoding}, which throws to refuse
     * an image too large for what will be done with it (see {@link org.sparsesam.core.SparseSam#requireMemoryFor}).
     */
    public static ImagePlus open(Path file, java.util.function.BiConsumer<Integer, Integer> beforeDecoding) {
        checkReadable(file);
        return ImageFileReader.open(file, true, beforeDecoding);
    }

    /** Opens a mask or label image: a palette image gives its indices (the labels), not the palette's colours. */
    public static ImagePlus openMask(Path file) {
        checkReadable(file);
        return ImageFileReader.open(file, false);
    }

    private static void checkReadable(Path file) {
        if (!Files.exists(file)) {
            throw new SparseSamException("The file " + file + " does not exist: check the path.");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new SparseSamException("The file " + file + " cannot be read: check that it is a file and its permissions.");
        }
    }

    public static void saveTiff(ImagePlus imp, Path file) {
        writeAtomically(file, tmp -> new FileSaver(imp).saveAsTiff(tmp.toString()));
    }

    public static void savePng(ImagePlus imp, Path file) {
        writeAtomically(file, tmp -> new FileSaver(imp).saveAsPng(tmp.toString()));
    }

    /** A writer that reports success, as ImageJ's savers do. */
    @FunctionalInterface
    public interface FileWriter {
        boolean write(Path temporary) throws IOException;
    }

    /**
     * Writes to a temporary name beside the target and renames it into place, so that a crash, a full disk
     * or a failed write never leaves a half-written file under the real name.
     */
    public static void writeAtomically(Path file, FileWriter writer) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + file.getFileName() + ".part");
        try {
            boolean ok = writer.write(tmp);
            if (!ok || !Files.exists(tmp)) {
                throw new IOException("the writer reported failure");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original error is the one worth reporting
            }
            throw new SparseSamException("Could not write " + file + " (" + e.getMessage() + "): check that the folder is writable and the disk is not full.", e);
        }
    }
}
