package org.sparsesam.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
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

    /**
     * Opens the model, then the image: its header's size is checked against the heap before it is decoded, so an image
     * too large is refused in a second, with the heap it needs, instead of after it was read.
     */
    static SegmentResult segment(SegmentOptions options, Path image, List<Point> points, PrintWriter err) {
        Progress progress = new Progress() {
            @Override
            public void report(String stage, double fraction) {}

            @Override
            public void note(String message) {
                err.println("note: " + message);
            }
        };
        try (SparseSam sam = new SparseSam(options, EncoderFactory.create(options, progress))) {
            // RGB assumed: the header does not say it to every reader, and RGB needs the most
            InputImage input = InputImage.open(image, (width, height) -> sam.requireMemoryFor(width, height, true));
            // bad clicks are refused before anything else is said: the error is then the only thing the user reads
            PointChecks.validate(points, input.raster().width(), input.raster().height());
            input.notes().forEach(n -> err.println("note: " + n));
            return sam.segment(input.raster(), points, progress, CancelToken.none());
        }
    }
}
