package org.sparsesam.batch;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;

/**
 * What a front end does with one image of a folder batch; {@link FolderBatch} does the rest (listing, journal,
 * resuming, summary, failures, cancelling). The Fiji batch segments with a points file per image and writes
 * {@link BatchOutputs}; the command line's {@code apply} segments with a trained model and writes its own files.
 */
public interface ImageJob {
    /** What one image gave: its object count and what the user should be told about it. */
    record Outcome(int objects, List<String> notes) {}

    /**
     * Every file this job writes for an image of this base name into the output folder. An image counts as finished
     * only when all of them exist, and none of them is overwritten unless the batch's journal says it wrote them.
     */
    List<Path> outputs(Path outputFolder, String base);

    /** Why this image cannot be done as given (say, it has no points file), or empty when it can. */
    default Optional<String> skipReason(Path image, String base) {
        return Optional.empty();
    }

    /**
     * Reads the image, segments it and writes every one of {@link #outputs} (each atomically).
     *
     * @throws org.sparsesam.core.SparseSamException for a problem with this image, which the batch reports and passes
     */
    Outcome run(Path image, String base, Path outputFolder, Progress progress, CancelToken cancel);
}
