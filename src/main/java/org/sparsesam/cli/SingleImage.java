package org.sparsesam.cli;

import java.io.PrintWriter;
import java.util.List;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.encode.EncoderFactory;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.core.prompt.PointChecks;

/** Segments one image from the command line, telling the user on stderr what they should know. */
final class SingleImage {
    private SingleImage() {}

    static SegmentResult segment(SegmentOptions options, InputImage input, List<Point> points, PrintWriter err) {
        input.notes().forEach(n -> err.println("note: " + n));
        Progress progress = new Progress() {
            @Override
            public void report(String stage, double fraction) {}

            @Override
            public void note(String message) {
                err.println("note: " + message);
            }
        };
        // Bad clicks are refused before a model is loaded: faster, and the error is the only thing the user reads.
        PointChecks.validate(points, input.raster().width(), input.raster().height());
        try (SparseSam sam = new SparseSam(options, EncoderFactory.create(options, progress))) {
            return sam.segment(input.raster(), points, progress, CancelToken.none());
        }
    }
}
