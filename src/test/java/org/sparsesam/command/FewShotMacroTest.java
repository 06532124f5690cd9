package org.sparsesam.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sparsesam.core.eval.SyntheticTissue;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.ij.ImageConversion;
import org.sparsesam.ij.ImageFiles;

/**
 * "Train from annotations" and "Apply trained model" as a recorded macro runs them: a real ImageJ in batch mode
 * under Xvfb, the plugins found through plugins.config in a jar, nothing but macro options.
 */
class FewShotMacroTest {
    @RegisterExtension
    static final VirtualDisplay.ForClass DISPLAY = new VirtualDisplay.ForClass();

    @TempDir
    Path dir;


    private static void savePng(RasterImage image, Path file) {
        int n = image.width() * image.height();
        int[] packed = new int[n];
        for (int i = 0; i < n; i++) {
            packed[i] = (int) image.channel(0).data()[i] << 16 | (int) image.channel(1).data()[i] << 8 | (int) image.channel(2).data()[i];
        }
        ImageFiles.savePng(new ImagePlus("x", new ColorProcessor(image.width(), image.height(), packed)), file);
    }

    private String runBatchMacro(String macro) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("imagej/plugins"));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(plugins.resolve("Sparse_SAM_test.jar")))) {
            jar.putNextEntry(new JarEntry("plugins.config"));
            jar.write(Files.readAllBytes(Path.of("plugins.config")));
            jar.closeEntry();
        }
        Path macroFile = Files.writeString(dir.resolve("test.ijm"), macro);
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=false", "-Dplugins.dir=" + dir.resolve("imagej"), "-cp", classpath,
                "ij.ImageJ", "-batch", macroFile.toString());
        pb.environment().put("DISPLAY", DISPLAY.get().name());
        Path log = dir.resolve("imagej.log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ImageJ did not finish the macro in 180 s:\n" + Files.readString(log));
        }
        return Files.readString(log);
    }

    @Test
    void trainFromAFolderThenApplyToTheCurrentImage() throws Exception {
        Path ds = dir.resolve("ds");
        Files.createDirectories(ds.resolve("images"));
        Files.createDirectories(ds.resolve("masks"));
        for (int i = 0; i < 3; i++) {
            SyntheticTissue t = SyntheticTissue.nuclei(80, 72, 20 + i);
            savePng(t.image(), ds.resolve("images/n" + i + ".png"));
            ImageFiles.savePng(ImageConversion.labelsToImage(t.labels(), "n" + i), ds.resolve("masks/n" + i + ".png"));
        }
        SyntheticTissue unseen = SyntheticTissue.nuclei(96, 80, 77);
        Path image = dir.resolve("unseen.png");
        savePng(unseen.image(), image);
        Path model = dir.resolve("nuclei.ssam");
        Path report = dir.resolve("report.txt");
        // No head= here: a macro without the key trains what the dialog offers by default (the README's default).
        String output = runBatchMacro("""
                run("Train from annotations", "dataset=[DS] shots=2 seed=1 encoder=builtin model=[MODEL]");
                open("IMAGE");
                run("Apply trained model", "model=[MODEL] seed=1 add_to_manager");
                out = "count=" + roiManager("count") + "\\n";
                run("Apply trained model", "model=[DS] seed=1 add_to_manager");
                File.saveString(out + "carried on", "REPORT");
                """.replace("DS", ds.toString()).replace("MODEL", model.toString()).replace("IMAGE", image.toString())
                .replace("REPORT", report.toString()));
        assertTrue(Files.isRegularFile(model), output);
        assertTrue(output.contains("Sparse SAM: trained linear on"), output);
        // The second apply names a folder, not a model: one sentence in the Log, and the macro stops there.
        assertTrue(output.contains("Sparse SAM: The model file " + ds), output);
        assertFalse(Files.exists(report), "the macro stopped at the error");
        assertFalse(output.contains("\tat "), "no stack trace:\n" + output);
        // Counting needs the report of the first apply: run it alone.
        Files.delete(model);
        String second = runBatchMacro("""
                run("Train from annotations", "dataset=[DS] shots=2 head=prototypes seed=1 encoder=builtin model=[MODEL]");
                open("IMAGE");
                run("Apply trained model", "model=[MODEL]");
                File.saveString("count=" + roiManager("count") + "\\n" + "rows=" + nResults + "\\n" + "images=" + nImages, "REPORT");
                """.replace("DS", ds.toString()).replace("MODEL", model.toString()).replace("IMAGE", image.toString())
                .replace("REPORT", report.toString()));
        List<String> lines = Files.readAllLines(report);
        int count = Integer.parseInt(lines.get(0).substring("count=".length()));
        int truth = unseen.labels().maxLabel();
        // Well-separated generated nuclei: every one found, none split (the generator keeps them 2 px apart).
        assertEquals(truth, count, second);
        // The shortest macro gives the dialog's default outputs: the Results table and the label image too.
        assertEquals(List.of("rows=" + truth, "images=2"), lines.subList(1, 3), second);
    }
}
