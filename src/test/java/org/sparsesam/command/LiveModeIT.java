package org.sparsesam.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sparse SAM Live in a plain ImageJ 1 with the built plugin installed, on a virtual display: {@link LiveModeDriver}
 * sets multi-point selections on test-images/nuclei.png one after another and reads the overlay after each
 * update, presses Enter to commit, then Esc and the Cancel command in two more live sessions, starts a fourth from a
 * macro with {@code min_area=200}, and closes the image in a fifth. The committed
 * count must equal what the core finds for the same clicks (test-images/nuclei-points.csv). Runs in
 * {@code mvn verify}; {@code -Dsparsesam.liveScreenshot=docs/live-mode.png} keeps the capture of the live overlay.
 */
class LiveModeIT {
    @RegisterExtension
    static final VirtualDisplay.ForClass DISPLAY = new VirtualDisplay.ForClass();

    @TempDir
    Path dir;

    @Test
    void liveModeFollowsThePointsAndCommitsWhatTheCoreFinds() throws Exception {
        PlainImageJ imagej = PlainImageJ.install(dir, DISPLAY.get());
        Path image = Path.of("test-images/nuclei.png").toAbsolutePath();
        Path report = dir.resolve("report.txt");
        Path shot = dir.resolve("live.png");
        Path log = dir.resolve("driver.log");
        String classpath = imagej.home().resolve("ij.jar") + File.pathSeparator + Path.of("target/test-classes").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-Djava.awt.headless=false", "-Duser.home=" + Files.createDirectories(dir.resolve("home")),
                "-Dplugins.dir=" + imagej.home(), "-cp", classpath, LiveModeDriver.class.getName(),
                image.toString(), report.toString(), shot.toString());
        pb.environment().put("DISPLAY", DISPLAY.get().name());
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(400, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the live-mode driver did not finish in 400 s:\n" + Files.readString(log));
        }
        assertTrue(Files.exists(report), "the driver wrote no report:\n" + Files.readString(log));
        Map<String, String> seen = new LinkedHashMap<>();
        for (String line : Files.readAllLines(report)) {
            int eq = line.indexOf('=');
            seen.put(line.substring(0, eq), line.substring(eq + 1));
        }
        String context = seen + "\n" + Files.readString(log);
        System.out.println("LiveModeIT saw " + seen);
        assertTrue(!seen.containsKey("error"), context);

        int expected = RealImageJIT.coreCount(image, Path.of("test-images/nuclei-points.csv"));
        assertEquals("0", seen.get("started"), "no points yet: nothing shown " + context);
        assertEquals("1,1", seen.get("listenersWhileLive"), "one ROI listener and one key listener while live " + context);
        List<Integer> one = counts(seen.get("oneForeground"));
        assertTrue(one.get(0) > 0 && one.get(0).equals(one.get(1)), "one click already finds objects, all outlined " + context);
        List<Integer> five = counts(seen.get("fiveForeground"));
        assertTrue(five.get(0) > 0 && five.get(0).equals(five.get(1)), context);
        assertEquals("0,0", seen.get("deleted"), "no selection, no outlines " + context);
        assertEquals(expected + "," + expected, seen.get("withBackground"), "the live result is the core's for the same clicks " + context);
        assertTrue(Integer.parseInt(seen.get("oneForegroundPixels")) > 0, context);
        assertNotEquals(seen.get("oneForegroundPixels"), seen.get("withBackgroundPixels"), "more clicks change the outlines " + context);

        assertEquals("", seen.get("afterEnter"), "Enter ends live mode " + context);
        assertEquals(Integer.toString(expected + 1), seen.get("managerCount"), "the user's ROI and one per object " + context);
        assertEquals("user rectangle", seen.get("manager0"), "the user's ROI stays first " + context);
        assertEquals("SparseSAM-1-0001", seen.get("manager1"), context);
        assertEquals(Integer.toString(expected), seen.get("results"), context);
        assertEquals("true", seen.get("labelImage"), context);
        assertEquals(expected + ",0", seen.get("overlayAfterCommit"), "the committed outlines replace the live ones " + context);
        assertEquals("0,0,0", seen.get("listenersAfterCommit"), "every listener removed " + context);

        List<Integer> again = counts(seen.get("liveAgain"));
        assertTrue(again.get(0) > 0 && again.get(0).equals(again.get(1)), context);
        assertEquals(",0," + expected + "," + (expected + 1), seen.get("afterEsc"), "Esc leaves overlay and ROI Manager as they were " + context);
        assertTrue(counts(seen.get("liveThird")).get(0) > 0, context);
        assertEquals(",0," + expected + "," + (expected + 1), seen.get("afterCancelCommand"), context);
        int withMinArea = RealImageJIT.coreCount(image, Path.of("test-images/nuclei-points.csv"),
                org.sparsesam.core.SegmentOptions.defaults().toBuilder().minArea(200).build());
        assertNotEquals(expected, withMinArea, "min_area=200 leaves objects out on this image");
        assertEquals(Integer.toString(withMinArea), seen.get("minArea200"), "a macro's method keys reach live mode " + context);
        assertEquals("0,0,0", seen.get("listenersAtEnd"), context);
        assertTrue(counts(seen.get("liveBeforeClose")).get(0) > 0, context);
        assertEquals("0,0,0", seen.get("listenersAfterClose"), "closing the image ends live mode and its listeners " + context);

        BufferedImage capture = ImageIO.read(shot.toFile());
        assertTrue(RealImageJIT.yellowPixels(capture) > 500, "the live outlines are visible: " + RealImageJIT.yellowPixels(capture));
        String copyTo = System.getProperty("sparsesam.liveScreenshot");
        if (copyTo != null && !copyTo.isBlank()) {
            Files.copy(shot, Path.of(copyTo), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static List<Integer> counts(String value) {
        return java.util.Arrays.stream(value.split(",")).map(Integer::valueOf).toList();
    }
}
