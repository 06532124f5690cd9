package org.sparsesam.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.sparsesam.batch.ImageJob;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.fewshot.FewShotModel;
import org.sparsesam.core.prompt.Point;

/**
 * What {@code apply} does with each image of a folder: segments it with the trained model (and its clicks, when the
 * points folder has {@code <base>.csv}) and writes the files {@code segment} writes, all four or none.
 */
final class ApplyFolderJob implements ImageJob {
    private final SparseSam sam;
    private final FewShotModel model;
    private final Path pointsFolder;

    /** @param pointsFolder a folder of {@code <base>.csv} clicks, or null for the model alone */
    ApplyFolderJob(SparseSam sam, FewShotModel model, Path pointsFolder) {
        this.sam = sam;
        this.model = model;
        this.pointsFolder = pointsFolder;
    }

    @Override
    public List<Path> outputs(Path outputFolder, String base) {
        return SegmentationOutputs.forBaseName(outputFolder, base).all();
    }

    @Override
    public Outcome run(Path image, String base, Path outputFolder, Progress progress, CancelToken cancel) {
        InputImage in = InputImage.open(image);
        Path csv = pointsFolder == null ? null : pointsFolder.resolve(base + ".csv");
        List<Point> clicks = csv != null && Files.isRegularFile(csv) ? InputImage.readPoints(csv) : List.of();
        SegmentResult result = sam.segment(in.raster(), clicks, model, progress, cancel);
        SegmentationOutputs.forBaseName(outputFolder, base).write(result);
        List<String> notes = new java.util.ArrayList<>(in.notes());
        notes.addAll(result.notes());
        return new Outcome(result.count(), notes);
    }
}
