package org.sparsesam.command;

import ij.ImagePlus;
import ij.gui.Roi;
import java.nio.file.Path;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.encode.EncoderFactory;
import org.sparsesam.ij.ImageConversion;
import org.sparsesam.ij.PointSources;

/** The one segmentation step both ImageJ entry points share: clicks from ImageJ, one call to the core. */
public final class SegmentRun {
    /** The stage name {@link SparseSam} reports when the embedding came from the cache. */
    private static final String CACHED_ENCODE = "encode (cached)";

    private SegmentRun() {}

    /**
     * Segments the current slice of {@code image}.
     *
     * @param pointsFile  a points file, or null to take the clicks from the selection or the ROI Manager
     * @param managerRois the ROI Manager's ROIs (empty when there is none)
     */
    public static SegmentResult run(ImagePlus image, Path pointsFile, Roi[] managerRois, SegmentOptions options,
                                    Progress progress, CancelToken cancel) {
        PointSources.Clicks clicks = PointSources.collect(image, managerRois, pointsFile);
        progress.note(clicks.points().size() + " points from " + clicks.source() + ".");
        if (image.getStackSize() > 1) {
            progress.note("'" + image.getTitle() + "' has " + image.getStackSize() + " slices: segmenting slice "
                    + image.getCurrentSlice() + " only.");
        }
        try (SparseSam sam = new SparseSam(options, EncoderFactory.create(options, FijiModelFolder.store(), progress),
                SharedEmbeddings.cache())) {
            SegmentResult result = sam.segment(ImageConversion.toRaster(image), clicks.points(), progress, cancel);
            if (result.stageMillis().containsKey(CACHED_ENCODE)) {
                progress.note("reused the embedding of an earlier run on this image (no encoding).");
            }
            return result;
        }
    }
}
