package org.sparsesam.cli;

import ij.ImagePlus;
import java.nio.file.Path;
import java.util.List;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.core.prompt.PointsCsv;
import org.sparsesam.ij.ImageConversion;
import org.sparsesam.ij.ImageFiles;

/** An image file as the CLI reads it: the core image plus what the user should be told about it. */
public record InputImage(Path file, RasterImage raster, List<String> notes) {

    public static InputImage open(Path file) {
        return open(file, (width, height) -> {});
    }

    /** As {@link #open(Path)}, the header's size handed to {@code beforeDecoding} first (which throws to refuse). */
    public static InputImage open(Path file, java.util.function.BiConsumer<Integer, Integer> beforeDecoding) {
        ImagePlus imp = ImageFiles.open(file, beforeDecoding);
        List<String> notes = new java.util.ArrayList<>();
        if (imp.getStackSize() > 1) {
            notes.add(file.getFileName() + " is a stack of " + imp.getStackSize() + " slices: segmenting the first slice only.");
            imp.setSlice(1);
        }
        return new InputImage(file, ImageConversion.toRaster(imp), List.copyOf(notes));
    }

    public static List<Point> readPoints(Path csv) {
        return PointsCsv.readFile(csv);
    }
}
