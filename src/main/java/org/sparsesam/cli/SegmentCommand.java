package org.sparsesam.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SegmentResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sparse-sam segment IMAGE --points POINTS.csv --out DIR}. */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = "Segment every structure like the foreground points; writes labels, mask, ROI set and table.")
public final class SegmentCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Image file (PNG, TIFF, JPEG; RGB or grey).")
    Path image;

    @Option(names = "--points", required = true, paramLabel = "CSV", description = "Clicks as x,y,label lines (label fg or bg).")
    Path points;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created if missing).")
    Path out;

    @Option(names = "--force", description = "Overwrite results already in the output folder.")
    boolean force;

    @Mixin SegmentOptionsMixin segmentOptions;

    @Override
    public Integer call() throws Exception {
        SegmentOptions options = segmentOptions.toOptions();
        SegmentationOutputs outputs = new SegmentationOutputs(out, image.getFileName().toString());
        outputs.checkWritable(force);
        List<org.sparsesam.core.prompt.Point> clicks = InputImage.readPoints(points);
        SegmentResult result = SingleImage.segment(options, image, clicks, spec.commandLine().getErr());
        outputs.write(result);
        spec.commandLine().getOut().println(result.count() + " objects in " + image.getFileName() + " -> " + out);
        return 0;
    }
}
