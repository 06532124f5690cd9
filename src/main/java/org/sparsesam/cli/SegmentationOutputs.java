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
        this.dir = dir;
        int dot = imageFileName.lastIndexOf('.');
        this.name = dot > 0 ? imageFileName.substring(0, dot) : imageFileName;
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

    /** Refuses to overwrite earlier results unless forced, before any work is done. */
    public void checkWritable(boolean force) {
        try {
            Files.createDirectories(dir);
        } catch (Exception e) {
            throw new SparseSamException("Cannot create the output folder " + dir + " (" + e.getMessage() + "): choose a writable --out.");
        }
        if (!Files.isWritable(dir)) {
            throw new SparseSamException("The output folder " + dir + " is not writable: choose another --out.");
        }
        if (!force) {
            for (Path p : all()) {
                if (Files.exists(p)) {
                    throw new SparseSamException(p + " already exists: use --force to overwrite it, or choose another --out.");
                }
            }
        }
    }

    public void write(SegmentResult result) {
        ImagePlus labels = ImageConversion.labelsToImage(result.labels(), name + "-labels");
        ImageFiles.saveTiff(labels, labels());
        ImageFiles.savePng(ImageConversion.maskToImage(result.labels(), name + "-mask"), mask());
        RoiZip.write(RoiConversion.labelsToRois(result.labels(), name), rois());
        ImageFiles.writeAtomically(table(), tmp -> {
            Files.writeString(tmp, tableCsv(result.instances()), StandardCharsets.UTF_8);
            return true;
        });
    }

    static String tableCsv(List<InstanceInfo> instances) {
        StringBuilder sb = new StringBuilder("label,area,centroid_x,centroid_y,mean_probability\n");
        for (InstanceInfo i : instances) {
            sb.append(String.format(Locale.ROOT, "%d,%d,%.2f,%.2f,%.4f%n", i.label(), i.area(), i.centroidX(), i.centroidY(), i.meanProbability()));
        }
        return sb.toString();
    }
}
