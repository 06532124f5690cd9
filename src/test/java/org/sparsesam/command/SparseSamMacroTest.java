package org.sparsesam.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ImageJ 1 command as users drive it: {@code ImageJ -batch macro.ijm} in a separate JVM, finding the plugin the
 * way ImageJ does (a jar in plugins/ carrying this project's plugins.config), calling {@code run("Sparse SAM", ...)}
 * with macro options and reading the results back through macro functions.
 */
class SparseSamMacroTest {
    private static final int DISCS = SyntheticSlide.CENTRES.length;
    @RegisterExtension
    static final VirtualDisplay.ForClass DISPLAY = new VirtualDisplay.ForClass();

    @TempDir
    Path dir;
    private Path image;


    @BeforeEach
    void writeInputs() throws IOException {
        image = SyntheticSlide.write(dir);
        Path plugins = Files.createDirectories(dir.resolve("imagej/plugins"));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(plugins.resolve("Sparse_SAM_test.jar")))) {
            jar.putNextEntry(new JarEntry("plugins.config"));
            jar.write(Files.readAllBytes(Path.of("plugins.config")));
            jar.closeEntry();
        }
    }

    private static final String ADD_USER_ROIS = """
            open("IMAGE");
            makeRectangle(3, 4, 10, 12); roiManager("add"); roiManager("select", 0); roiManager("rename", "user-rect");
            makeOval(100, 90, 20, 15); roiManager("add"); roiManager("select", 1); roiManager("rename", "user-oval");
            run("Select None");
            """;

    /** Appends the ROI Manager's contents, the overlay size and the table size to the macro's report string. */
    private static final String REPORT = """
            function report(out) {
                n = roiManager("count");
                out = out + "count=" + n + "\\n";
                for (i = 0; i < n; i++) {
                    roiManager("select", i);
                    getSelectionBounds(x, y, w, h);
                    out = out + "roi=" + RoiManager.getName(i) + "," + x + "," + y + "," + w + "," + h + "\\n";
                }
                run("Select None");
                out = out + "overlay=" + Overlay.size + "\\n";
                return out;
            }
            """;

    private record Run(int exitCode, String output, List<String> report) {
        List<String> values(String key) {
            List<String> out = new ArrayList<>();
            for (String line : report) {
                if (line.startsWith(key + "=")) {
                    out.add(line.substring(key.length() + 1));
                }
            }
            return out;
        }
    }

    private Run runBatchMacro(String macro) throws Exception {
        Path reportFile = dir.resolve("report.txt");
        String text = REPORT + macro.replace("IMAGE", image.toString()).replace("POINTS", dir.resolve("points.csv").toString())
                .replace("REPORT_FILE", reportFile.toString());
        Path macroFile = dir.resolve("test.ijm");
        Files.writeString(macroFile, text);
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=false", "-Dplugins.dir=" + dir.resolve("imagej"),
                "-D" + org.sparsesam.core.model.ModelStore.ROOT_PROPERTY + "=" + dir.resolve("models"), "-cp", classpath,
                "ij.ImageJ", "-batch", macroFile.toString());
        pb.environment().put("DISPLAY", DISPLAY.get().name());
        Path log = dir.resolve("imagej.log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ImageJ did not finish the macro in 180 s:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        List<String> report = Files.exists(reportFile) ? Files.readAllLines(reportFile) : List.of();
        return new Run(p.exitValue(), output, report);
    }

    private static void assertUserRoisFirstAndUnchanged(List<String> rois) {
        assertEquals("user-rect,3,4,10,12", rois.get(0));
        assertEquals("user-oval,100,90,20,15", rois.get(1));
    }

    @Test
    void batchMacroAddsOneRoiPerDiscAfterTheUsersRoisAndRerunsWithNewNames() throws Exception {
        Run run = runBatchMacro(ADD_USER_ROIS + """
                getRawStatistics(n, meanBefore);
                run("Sparse SAM", "points=[POINTS] encoder=builtin min_area=0 split add_to_manager overlay results");
                out = report("");
                run("Sparse SAM", "points=[POINTS] encoder=builtin min_area=0 split add_to_manager overlay");
                out = report(out);
                getRawStatistics(n, meanAfter);
                out = out + "unchanged=" + (meanBefore == meanAfter) + "\\n";
                out = out + "images=" + nImages + "\\n";
                File.saveString(out, "REPORT_FILE");
                """);
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(List.of(Integer.toString(2 + DISCS), Integer.toString(2 + 2 * DISCS)), run.values("count"), run.output());
        List<String> rois = run.values("roi");
        assertUserRoisFirstAndUnchanged(rois);
        assertTrue(rois.get(2).startsWith("SparseSAM-1-0001,"), rois.get(2));
        List<String> afterSecondRun = rois.subList(2 + DISCS, rois.size());
        assertUserRoisFirstAndUnchanged(afterSecondRun);
        assertEquals(rois.subList(2, 2 + DISCS), afterSecondRun.subList(2, 2 + DISCS), "the first run's ROIs stay as they were");
        assertTrue(afterSecondRun.get(2 + DISCS).startsWith("SparseSAM-2-0001,"), afterSecondRun.get(2 + DISCS));
        // the second run replaced the first run's outlines instead of adding to them
        assertEquals(List.of(Integer.toString(DISCS), Integer.toString(DISCS)), run.values("overlay"));
        assertEquals(List.of("1"), run.values("unchanged"));
        assertEquals(List.of("1"), run.values("images"), "label_image was off: the input is the only image");
    }

    @Test
    void theShortestMacroGivesWhatTheDialogGivesUntouched() throws Exception {
        Run run = runBatchMacro(ADD_USER_ROIS + """
                run("Sparse SAM", "points=[POINTS]");
                out = "images=" + nImages + "\\n" + "labels=" + getTitle() + "," + bitDepth() + "\\n";
                out = out + "rows=" + nResults + "\\n" + "firstArea=" + getResult("Area", 0) + "\\n";
                selectImage(1);
                File.saveString(report(out), "REPORT_FILE");
                """);
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(List.of(Integer.toString(2 + DISCS)), run.values("count"), run.output());
        assertUserRoisFirstAndUnchanged(run.values("roi"));
        assertEquals(List.of("2"), run.values("images"), "the label image is shown");
        assertTrue(run.values("labels").get(0).endsWith("-labels,16"), run.values("labels").toString());
        assertEquals(List.of(Integer.toString(DISCS)), run.values("rows"), "one row per object in the Results table");
        assertTrue(Double.parseDouble(run.values("firstArea").get(0)) > 20, run.output());
        assertEquals(List.of(Integer.toString(DISCS)), run.values("overlay"), "outlines on the input");
    }

    @Test
    void noKeysTurnEveryOutputOff() throws Exception {
        Run run = runBatchMacro("""
                open("IMAGE");
                run("Sparse SAM", "points=[POINTS] no_split no_rois no_label_image no_overlay no_results");
                out = "images=" + nImages + "\\n" + "rows=" + nResults + "\\n";
                File.saveString(report(out), "REPORT_FILE");
                """);
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(List.of("0"), run.values("count"), run.output());
        assertEquals(List.of("1"), run.values("images"), run.output());
        assertEquals(List.of("0"), run.values("rows"), run.output());
        assertEquals(List.of("0"), run.values("overlay"), run.output());
    }

    @Test
    void withNoImageOpenABatchMacroEndsWithOneErrorLineInsteadOfADialog() throws Exception {
        Run run = runBatchMacro("""
                run("Sparse SAM", "points=[POINTS]");
                File.saveString("carried on", "REPORT_FILE");
                """);
        assertTrue(run.output().contains("Sparse SAM: " + CurrentImageRun.NO_IMAGE), run.output());
        assertTrue(run.report().isEmpty(), "the macro stopped at the error");
    }

    @Test
    void nonBatchMacroUsesTheRoiManagerWindowTheMacroSees() throws Exception {
        Run run = runBatchMacro("setBatchMode(false);\n" + ADD_USER_ROIS + """
                run("Sparse SAM", "points=[POINTS] encoder=builtin add_to_manager");
                File.saveString(report(""), "REPORT_FILE");
                """);
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(List.of(Integer.toString(2 + DISCS)), run.values("count"), run.output());
        assertUserRoisFirstAndUnchanged(run.values("roi"));
    }

    @Test
    void clicksFromFgBgPointRoisInTheManager() throws Exception {
        Run run = runBatchMacro("""
                open("IMAGE");
                makePoint(25, 25); roiManager("add"); roiManager("select", 0); roiManager("rename", "fg nucleus");
                makePoint(50, 50); roiManager("add"); roiManager("select", 1); roiManager("rename", "bg stroma");
                run("Select None");
                run("Sparse SAM", "encoder=builtin add_to_manager label_image");
                out = report("");
                out = out + "images=" + nImages + "\\n";
                File.saveString(out, "REPORT_FILE");
                """);
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(List.of(Integer.toString(2 + DISCS)), run.values("count"), run.output());
        assertEquals("fg nucleus,25,25,1,1", run.values("roi").get(0));
        assertEquals(List.of("2"), run.values("images"));
    }

    @Test
    void theScaleKeySegmentsAtLowerMagnificationWithOutputsAtFullSize() throws Exception {
        Run run = runBatchMacro("""
                open("IMAGE");
                w = getWidth(); h = getHeight();
                run("Sparse SAM", "points=[POINTS] encoder=builtin scale=0.5 add_to_manager label_image");
                out = report("");
                selectImage(nImages);
                out = out + "sizes=" + w + "x" + h + "," + getWidth() + "x" + getHeight() + "\n";
                File.saveString(out, "REPORT_FILE");
                """);
        assertEquals(0, run.exitCode(), run.output());
        String[] sizes = run.values("sizes").get(0).split(",");
        assertEquals(sizes[0], sizes[1], "the label image has the input's size");
        assertTrue(Integer.parseInt(run.values("count").get(0)) > 0, run.output());
        assertTrue(run.output().contains("Segmented at scale 0.5"), run.output());
    }

    @Test
    void theTileSizeAndCacheDirKeysReachTheMethod() throws Exception {
        // The handmade encoder segments large images in tiles: tiles of 96 px are too small for objects of this size, and the refusal shows that the key was read.
        Run tiny = runBatchMacro("""
                open("IMAGE");
                run("Sparse SAM", "points=[POINTS] encoder=handmade tile_size=96 add_to_manager");
                File.saveString(report(""), "REPORT_FILE");
                """);
        assertTrue(tiny.values("count").isEmpty(), tiny.output());
        assertTrue(tiny.output().contains("Tiles of 96 pixels cannot hold"), tiny.output());

        Path cache = dir.resolve("embedding cache");
        Run cached = runBatchMacro("""
                open("IMAGE");
                run("Sparse SAM", "points=[POINTS] encoder=handmade tile_size=0 cache_dir=[CACHE] add_to_manager");
                File.saveString(report(""), "REPORT_FILE");
                """.replace("CACHE", cache.toString()));
        assertEquals(0, cached.exitCode(), cached.output());
        assertEquals(List.of(Integer.toString(DISCS)), cached.values("count"), cached.output());
        try (var files = Files.list(cache)) {
            assertTrue(files.findAny().isPresent(), "the feature grid is kept in the cache folder");
        }
    }

    @Test
    void clicksFromTheMultiPointSelection() throws Exception {
        Run run = runBatchMacro("""
                open("IMAGE");
                makeSelection("point", newArray(25, 80), newArray(25, 80));
                run("Sparse SAM", "encoder=builtin add_to_manager");
                File.saveString(report(""), "REPORT_FILE");
                """);
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(List.of(Integer.toString(DISCS)), run.values("count"), run.output());
    }

    @Test
    void installsAModelPackageAndSegmentsWithItByName() throws Exception {
        Path zip = org.sparsesam.core.model.TinySamFixture.zipPackage(dir.resolve("tiny-sam.zip"));
        Run run = runBatchMacro("""
                run("Install Sparse SAM model package", "package=[ZIP]");
                open("IMAGE");
                run("Sparse SAM", "points=[POINTS] encoder=tiny-sam device=cpu min_area=0 split add_to_manager");
                File.saveString(report(""), "REPORT_FILE");
                """.replace("ZIP", zip.toString()));
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(Files.isRegularFile(dir.resolve("models/tiny-sam/model.json")), run.output());
        assertTrue(run.output().contains("Sparse SAM: installed tiny-sam (sam, input 128 px)"), run.output());
        assertTrue(run.output().contains("SAM encoder of tiny-sam runs on CPU: CPU was chosen (--device cpu)."), run.output());
        assertEquals(1, run.values("count").size(), run.output());
        assertTrue(Integer.parseInt(run.values("count").get(0)) > 0, "objects added to the ROI Manager: " + run.output());
    }

    @Test
    void anErrorIsLoggedAsOneSentenceAndStopsTheMacro() throws Exception {
        Files.writeString(dir.resolve("points.csv"), "x,y,label\n50,50,bg\n");
        Run run = runBatchMacro("""
                open("IMAGE");
                run("Sparse SAM", "points=[POINTS] encoder=builtin add_to_manager");
                File.saveString("carried on", "REPORT_FILE");
                """);
        assertTrue(run.output().contains("Sparse SAM: Only background points in the points file points.csv"), run.output());
        assertFalse(run.output().contains("\tat "), "no stack trace:\n" + run.output());
        assertTrue(run.report().isEmpty(), "the macro stopped at the error");
    }
}
