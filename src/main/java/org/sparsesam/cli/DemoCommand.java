package org.sparsesam.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSamException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sparse-sam demo}: the main job on the shipped test image, with the built-in encoder. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Segment test-images/nuclei.png from its shipped clicks with the built-in encoder; writes demo-out/.")
public final class DemoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--home", paramLabel = "DIR", description = "Project folder holding test-images/ (default: SPARSE_SAM_HOME or the current folder).")
    Path home;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: demo-out).")
    Path out = Path.of("demo-out");

    @Override
    public Integer call() {
        Path root = home != null ? home : Path.of(System.getenv().getOrDefault("SPARSE_SAM_HOME", "."));
        Path image = root.resolve("test-images/nuclei.png");
        Path points = root.resolve("test-images/nuclei-points.csv");
        if (!Files.exists(image) || !Files.exists(points)) {
            throw new SparseSamException("The demo image " + image + " is missing: run the demo from the project folder, or pass --home.");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        SegmentationOutputs outputs = new SegmentationOutputs(out, image.getFileName().toString());
        // The demo's own output folder is refreshed on every run; it holds nothing of the user's.
        outputs.checkWritable(true);
        long start = System.nanoTime();
        SegmentResult result = SingleImage.segment(SegmentOptions.defaults(), image, InputImage.readPoints(points),
                spec.commandLine().getErr());
        outputs.write(result);
        stdout.printf("Segmented %s from %s with the built-in encoder: %d objects in %.1f s.%n",
                image, points.getFileName(), result.count(), (System.nanoTime() - start) / 1e9);
        for (Path p : outputs.all()) {
            stdout.println("  wrote " + p);
        }
        return 0;
    }
}
