package org.sparsesam.batch;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;

/** A job for tests: passes every call to the real job and tells {@code after} what came out of each image. */
public record ObservedJob(ImageJob job, BiConsumer<Path, ImageJob.Outcome> after) implements ImageJob {
    @Override
    public List<Path> outputs(Path outputFolder, String base) {
        return job.outputs(outputFolder, base);
    }

    @Override
    public Optional<String> skipReason(Path image, String base) {
        return job.skipReason(image, base);
    }

    @Override
    public Outcome run(Path image, String base, Path outputFolder, Progress progress, CancelToken cancel) {
        Outcome outcome = job.run(image, base, outputFolder, progress, cancel);
        after.accept(image, outcome);
        return outcome;
    }
}
