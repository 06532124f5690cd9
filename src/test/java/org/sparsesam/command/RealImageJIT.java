package org.sparsesam.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.encode.EncoderFactory;
import org.sparsesam.core.prompt.PointsCsv;
import org.sparsesam.ij.ImageConversion;
import org.sparsesam.ij.ImageFiles;

/**
 * The plugin as a user installs it: a plain ImageJ 1 ({@code java -jar ij.jar}, nothing else on its class path)
 * with the plugin installed by tools/install-into-imagej.sh (see {@link PlainImageJ}), on a virtual display. A
 * macro opens test-images/nuclei.png, runs Sparse SAM with
 * test-images/nuclei-points.csv, reads back the ROI Manager, the label image and the results table, and captures
 * the image window with its overlay; then the batch macro runs over a copy of test-images/. Runs in
 * {@code mvn verify} (failsafe), after the jar is built. {@code -Dsparsesam.screenshot=docs/screenshot.png}
 * also copies the capture there, which is how the README's screenshot is made.
 */
class RealImageJIT {
    @RegisterExtension
    static final VirtualDisplay.ForClass DISPLAY = new VirtualDisplay.ForClass();

    @TempDir
    Path dir;


    /** The count the core gives for the same image and clicks: the plugin in ImageJ must agree with it. */
    static int coreCount(Path image, Path points) {
        return coreCount(image, points, SegmentOptions.defaults());
    }

    static int coreCount(Path image, Path points, SegmentOptions options) {
        try (SparseSam sam = new SparseSam(options, EncoderFactory.create(options.encoder()))) {
            return sam.segment(ImageConversion.toRaster(ImageFiles.open(image)), PointsCsv.readFile(points), Progress.NONE, CancelToken.none()).count();
        }
    }

    @Test
    void thePluginJarRunsInAPlainImageJAndShowsItsResults() throws Exception {
        PlainImageJ imagej = PlainImageJ.install(dir, DISPLAY.get());
        Path image = Path.of("test-images/nuclei.png").toAbsolutePath();
        Path points = Path.of("test-images/nuclei-points.csv").toAbsolutePath();
        Path report = dir.resolve("report.txt");
        Path shot = dir.resolve("screenshot.png");
        String output = imagej.run("""
                open("IMAGE");
                id = getImageID();
                run("Sparse SAM", "points=[POINTS]");
                out = "count=" + roiManager("count") + "\\n";
                out = out + "first=" + RoiManager.getName(0) + "\\n";
                out = out + "labelsTitle=" + getTitle() + "\\n";
                getRawStatistics(n, mean, min, max);
                out = out + "labelsMax=" + max + "\\n" + "labelsBits=" + bitDepth() + "\\n";
                out = out + "rows=" + nResults + "\\n";
                selectImage(id);
                out = out + "overlay=" + Overlay.size + "\\n";
                wait(1000);
                run("Capture Image");
                run("8-bit Color", "number=256");
                saveAs("PNG", "SHOT");
                File.saveString(out, "REPORT");
                close("*");
                run("Quit");
                """.replace("IMAGE", image.toString()).replace("POINTS", points.toString()).replace("SHOT", shot.toString())
                .replace("REPORT", report.toString()), "", true);
        assertTrue(Files.exists(report), "the macro did not finish:\n" + output);
        List<String> lines = Files.readAllLines(report);
        int expected = coreCount(image, points);
        assertTrue(expected > 10, "nuclei.png holds dozens of nuclei; the core found " + expected);
        assertEquals(List.of("count=" + expected, "first=SparseSAM-1-0001", "labelsTitle=nuclei-labels", "labelsMax=" + expected,
                "labelsBits=16", "rows=" + expected, "overlay=" + expected), lines, output);

        BufferedImage capture = ImageIO.read(shot.toFile());
        assertEquals(384, capture.getWidth(), "the capture is the image canvas at 100%");
        assertTrue(yellowPixels(capture) > 500, "the yellow outlines are visible in the capture: " + yellowPixels(capture));
        String copyTo = System.getProperty("sparsesam.screenshot");
        if (copyTo != null && !copyTo.isBlank()) {
            Files.copy(shot, Path.of(copyTo), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void theBatchMacroRunsOverTheTestImagesFolder() throws Exception {
        PlainImageJ imagej = PlainImageJ.install(dir, DISPLAY.get());
        Path images = Files.createDirectories(dir.resolve("test-images"));
        for (String name : List.of("nuclei.png", "nuclei-points.csv", "nuclei-truth.png")) {
            Files.copy(Path.of("test-images").resolve(name), images.resolve(name));
        }
        Path out = dir.resolve("out");
        String output = imagej.run(Files.readString(Path.of("macros/Sparse_SAM_Batch.ijm")),
                "input=[" + images + "] output=[" + out + "]", false);
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        int expected = coreCount(images.resolve("nuclei.png"), images.resolve("nuclei-points.csv"));
        assertEquals(3, summary.size(), output);
        assertTrue(summary.get(1).startsWith("nuclei-truth.png,skipped,,,no points file nuclei-truth-points.csv"), summary.get(1));
        assertTrue(summary.get(2).startsWith("nuclei.png,done," + expected + ","), summary.get(2) + "\n" + output);
        List<String> rows = new ArrayList<>(Files.readAllLines(out.resolve("nuclei-results.csv")));
        assertEquals(expected + 1, rows.size());
    }

    /** Pure-ish yellow, the outline colour; H&amp;E stains have no such pixels. */
    static int yellowPixels(BufferedImage image) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = rgb >> 16 & 255, g = rgb >> 8 & 255, b = rgb & 255;
                if (r > 200 && g > 200 && b < 60) {
                    n++;
                }
            }
        }
        return n;
    }
}
