package org.sparsesam.cli;

import ij.ImagePlus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.instance.InstanceInfo;
import org.sparsesam.ij.ImageConversion;
import org.sparsesam.ij.ImageFiles;
import org.sparsesam.ij.RoiConversion;
import org.sparsesam.ij.RoiZip;

/** The files one segmentation leaves in an output folder, named after the input image. */
public final class SegmentationOutputs {
    private final Path dir;
    private final String name;

    public SegmentationOutputs(Path dir, String imageFileName) {
        this(dir, imageFileName, true);
    }

    private SegmentationOutputs(Path dir, String name, boolean hasExtension) {
        this.dir = dir;
        int dot = hasExtension ? name.lastIndexOf('.') : -1;
        this.name = dot > 0 ? name.substring(0, dot) : name;
    }

    /** The outputs for an image's base name, which has lost its extension already but may hold dots of its own. */
    static SegmentationOutputs forBaseName(Path dir, String baseName) {
        return new SegmentationOutputs(dir, baseName, false);
    }

    public Path labels() {
        return dir.resolve(name + "-labels.tif");
    }

    public Path mask() {
        return dir.resolve(name + "-mask.png");
    }

    public Path rois() {
        return dir.resolve(name + "-rois.zip");
    }

    public Path table() {
        return dir.resolve(name + ".csv");
    }

    public List<Path> all() {
        return List.of(labels(), mask(), rois(), table());
    }

    /**
     * Refuses to overwrite earlier results unless forced, before any work is done. The folder is made only when
     * the results are written, so a failed run leaves none behind.
     */
    public void checkWritable(boolean force) {
        OutputFolder.checkCanCreate(dir);
        if (!force) {
            for (Path p : all()) {
                if (Files.exists(p)) {
                    throw new SparseSamException(p + " already exists: use --force to overwrite it, or choose another --out.");
                }
            }
        }
    }

    public void write(SegmentResult result) {
        write(result, writer -> writer);
    }

    /**
     * Writes the four files all or none: each goes to a temporary name first, and only when every one is complete
     * are they renamed into place, so a full disk or a failed write leaves neither half a file nor half a result set.
     *
     * @param wrap wraps each file's writer (tests put a failing one in, as a full disk would be)
     */
    void write(SegmentResult result, java.util.function.UnaryOperator<ImageFiles.FileWriter> wrap) {
        ImagePlus labels = ImageConversion.labelsToImage(result.labels(), name + "-labels");
        ImagePlus mask = ImageConversion.maskToImage(result.labels(), name + "-mask");
        java.util.Map<Path, ImageFiles.FileWriter> files = new java.util.LinkedHashMap<>();
        files.put(labels(), tmp -> new ij.io.FileSaver(labels).saveAsTiff(tmp.toString()));
        files.put(mask(), tmp -> new ij.io.FileSaver(mask).saveAsPng(tmp.toString()));
        files.put(rois(), tmp -> RoiZip.writeZip(RoiConversion.labelsToRois(result.labels(), name), tmp));
        files.put(table(), tmp -> {
            Files.writeString(tmp, tableCsv(result.instances()), StandardCharsets.UTF_8);
            return true;
        });
        List<Path> temporaries = new java.util.ArrayList<>();
        Path current = dir;
        try {
            Files.createDirectories(dir);
            for (java.util.Map.Entry<Path, ImageFiles.FileWriter> file : files.entrySet()) {
                current = file.getKey();
                Path tmp = temporaryName(current);
                temporaries.add(tmp);
                if (!wrap.apply(file.getValue()).write(tmp) || !Files.exists(tmp)) {
                    throw new java.io.IOException("the writer reported failure");
                }
            }
            int i = 0;
            for (Path target : files.keySet()) {
                current = target;
                Files.move(temporaries.get(i++), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (java.io.IOException | RuntimeException e) {
            for (Path tmp : temporaries) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (java.io.IOException ignored) {
                    // the original error is the one worth reporting
                }
            }
            throw new SparseSamException("Could not write " + current + " (" + e.getMessage()
                    + "): no result was written; check that " + dir + " is writable and the disk is not full.", e);
        }
    }

    private static Path temporaryName(Path file) {
        return file.toAbsolutePath().getParent().resolve("." + file.getFileName() + ".part");
    }

    static String tableCsv(List<InstanceInfo> instances) {
        StringBuilder sb = new StringBuilder("label,area,centroid_x,centroid_y,mean_probability\n");
        for (InstanceInfo i : instances) {
            sb.append(String.format(Locale.ROOT, "%d,%d,%.2f,%.2f,%.4f%n", i.label(), i.area(), i.centroidX(), i.centroidY(), i.meanProbability()));
        }
        return sb.toString();
    }
}
