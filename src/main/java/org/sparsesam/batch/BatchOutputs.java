package org.sparsesam.batch;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.ij.ImageFiles;
import org.sparsesam.ij.ResultsOutput;
import org.sparsesam.ij.RoiConversion;
import org.sparsesam.ij.RoiZip;

/**
 * The files a batch writes per image, named after the image's base name: {@code <base>-labels.tif} (16-bit labels,
 * calibrated like the input), {@code <base>-rois.zip} (an ROI set the ROI Manager opens) and
 * {@code <base>-results.csv} (one row per object, as the command's results table). Each is written atomically.
 */
public final class BatchOutputs {
    public static final String LABELS_SUFFIX = "-labels.tif";
    public static final String ROIS_SUFFIX = "-rois.zip";
    public static final String RESULTS_SUFFIX = "-results.csv";
    /** Every image of a batch is its own run: its ROIs are SparseSAM-1-0001, ... as in a fresh ROI Manager. */
    private static final String RUN = "1";

    private BatchOutputs() {}

    public static List<Path> files(Path output, String base) {
        return List.of(output.resolve(base + LABELS_SUFFIX), output.resolve(base + ROIS_SUFFIX), output.resolve(base + RESULTS_SUFFIX));
    }

    static void write(Path output, String base, ImagePlus image, SegmentResult result) {
        List<Path> files = files(output, base);
        ImageFiles.saveTiff(ResultsOutput.labelImage(result.labels(), image), files.get(0));
        List<Roi> rois = RoiConversion.labelsToRois(result.labels(), RUN);
        RoiZip.write(rois, files.get(1));
        String csv = csv(ResultsOutput.table(result.instances(), RUN, result.labels().maxLabel(), image.getCalibration()));
        ImageFiles.writeAtomically(files.get(2), tmp -> {
            Files.writeString(tmp, csv, StandardCharsets.UTF_8);
            return true;
        });
    }

    /**
     * The table as CSV. Not {@link ResultsTable#saveAs}: it picks the separator from the file's extension, and an
     * atomic write goes through a temporary name whose extension is not .csv.
     */
    static String csv(ResultsTable table) {
        String[] headings = table.getHeadings();
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < headings.length; c++) {
            sb.append(c == 0 ? "" : ",").append(SummaryCsv.cell(headings[c]));
        }
        sb.append('\n');
        for (int row = 0; row < table.size(); row++) {
            for (int c = 0; c < headings.length; c++) {
                sb.append(c == 0 ? "" : ",").append(SummaryCsv.cell(table.getStringValue(headings[c], row)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
