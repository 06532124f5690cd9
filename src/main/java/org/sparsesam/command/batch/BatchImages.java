package org.sparsesam.command.batch;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.TiffDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.ij.ImageFiles;

/**
 * Opens a batch's images so that a corrupt one fails as an exception instead of stopping the macro. ImageJ's
 * Opener reports a decoding error with {@code IJ.error}, and inside a macro's {@code run(...)} call that aborts the
 * whole macro (with a modal dialog when there is a display), so an overnight run would end at the first bad file.
 * Each file is therefore decoded once silently first: PNG, JPEG, GIF and BMP with ImageIO (which ImageJ's
 * Opener itself uses for PNG), TIFF by reading its header with ImageJ's TiffDecoder and checking the pixel data
 * lies inside the file. What passes is then opened by ImageJ as usual, with calibration and all.
 */
final class BatchImages {
    private BatchImages() {}

    static ImagePlus open(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String problem = name.endsWith(".tif") || name.endsWith(".tiff") ? tiffProblem(file) : imageIoProblem(file);
        if (problem != null) {
            throw new SparseSamException("The file " + file + " is not an image ImageJ can read (" + problem
                    + "): replace it with an intact copy, or save it as PNG or TIFF, and run the batch again.");
        }
        return ImageFiles.open(file);
    }

    private static String imageIoProblem(Path file) {
        try {
            return ImageIO.read(file.toFile()) == null ? "no decoder recognises it" : null;
        } catch (IOException | RuntimeException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    private static String tiffProblem(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            FileInfo[] info = new TiffDecoder(dir.toString() + java.io.File.separator, file.getFileName().toString()).getTiffInfo();
            if (info == null || info.length == 0) {
                return "no TIFF image directory";
            }
            FileInfo first = info[0];
            long needed = first.getOffset() + (long) first.width * first.height * Math.max(1, first.getBytesPerPixel());
            boolean compressed = first.compression > FileInfo.COMPRESSION_NONE;
            if (!compressed && needed > Files.size(file)) {
                return "the file ends before its pixel data does";
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }
}
