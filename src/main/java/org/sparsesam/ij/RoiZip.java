package org.sparsesam.ij;

import ij.gui.Roi;
import ij.io.RoiEncoder;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes an ImageJ ROI set (.zip of .roi files), the format the ROI Manager opens. */
public final class RoiZip {
    private RoiZip() {}

    public static void write(List<Roi> rois, Path file) {
        ImageFiles.writeAtomically(file, tmp -> writeZip(rois, tmp));
    }

    /** Writes the set to {@code file} directly; callers that need atomicity write to a temporary name. */
    public static boolean writeZip(List<Roi> rois, Path file) throws java.io.IOException {
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            DataOutputStream data = new DataOutputStream(zip);
            RoiEncoder encoder = new RoiEncoder(data);
            for (Roi roi : rois) {
                zip.putNextEntry(new ZipEntry(roi.getName() + ".roi"));
                encoder.write(roi);
                data.flush();
                zip.closeEntry();
            }
        }
        return true;
    }
}
