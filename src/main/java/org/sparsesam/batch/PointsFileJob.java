package org.sparsesam.batch;

import ij.ImagePlus;
import ij.gui.Roi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.prompt.PointsCsv;
import org.sparsesam.ij.ImageConversion;
import org.sparsesam.ij.ImageFiles;
import org.sparsesam.ij.PointSources;

/**
 * The job of the Sparse SAM Batch command: each image is segmented with the clicks of its points file
 * ({@code <base>-points.csv} in the points folder, checked against the image) and {@link BatchOutputs} are written.
 * An image without a points file is skipped.
 */
public final class PointsFileJob implements ImageJob {
    public static final String POINTS_SUFFIX = PointsCsv.FILE_SUFFIX;

    /** Segments one opened image with the clicks of a points file. */
    @FunctionalInterface
    public interface ImageSegmenter {
        SegmentResult segment(ImagePlus image, Path pointsFile, Progress progress, CancelToken cancel);
    }

    private final Path pointsFolder;
    private final ImageSegmenter segmenter;

    public PointsFileJob(Path pointsFolder, ImageSegmenter segmenter) {
        this.pointsFolder = pointsFolder;
        this.segmenter = segmenter;
    }

    /** The points file's clicks, checked against the image, into the core. */
    public PointsFileJob(Path pointsFolder, SparseSam sam) {
        this(pointsFolder, (image, points, progress, cancel) -> sam.segment(ImageConversion.toRaster(image),
                PointSources.collect(image, new Roi[0], points).points(), progress, cancel));
    }

    private Path pointsFile(String base) {
        return pointsFolder.resolve(base + POINTS_SUFFIX);
    }

    @Override
    public List<Path> outputs(Path outputFolder, String base) {
        return BatchOutputs.files(outputFolder, base);
    }

    @Override
    public Optional<String> skipReason(Path image, String base) {
        Path points = pointsFile(base);
        return Files.isRegularFile(points) ? Optional.empty() : Optional.of("no points file " + points.getFileName() + " in " + pointsFolder);
    }

    @Override
    public Outcome run(Path image, String base, Path outputFolder, Progress progress, CancelToken cancel) {
        ImagePlus imp = ImageFiles.open(image);
        SegmentResult result = segmenter.segment(imp, pointsFile(base), progress, cancel);
        BatchOutputs.write(outputFolder, base, imp, result);
        return new Outcome(result.count(), result.notes());
    }
}
