package org.sparsesam.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's macros and the ready macros in macros/ are tests: every {@code ```ijm} block of the README, and
 * every README line that runs a file of macros/ with {@code -batch}, runs verbatim in a plain ImageJ 1 under Xvfb
 * ({@link PlainImageJ}), only its paths replaced by copies of test-images/, and what it prints is checked. A new
 * block without a check here, or a macro file no README line runs, fails the test.
 */
class ReadmeMacrosIT {
    @RegisterExtension
    static final VirtualDisplay.ForClass DISPLAY = new VirtualDisplay.ForClass();
    private static final Pattern IJM_BLOCK = Pattern.compile("```ijm\n(.*?)```", Pattern.DOTALL);
    private static final Pattern BATCH_LINE = Pattern.compile(
            "java -jar \"\\$HOME/ImageJ/ij.jar\" -ijpath \"\\$HOME/ImageJ\" -batch (macros/\\S+) \\\\\n\\s*\"([^\"]*)\"");
    private static final int TRAINING_IMAGES = 5;

    @TempDir
    Path dir;

    /** A 300 px crop of a MoNuSeg validation image, as nuclei.png, with 5 + 5 seeded clicks from its truth as nuclei-points.csv. */
    private static Path realNuclei(Path folder) throws java.io.IOException {
        Path monuseg = Path.of("../shared/data/monuseg");
        assumeTrue(Files.isDirectory(monuseg), "no MoNuSeg data at " + monuseg.toAbsolutePath());
        String name = "TCGA-21-5784-01Z-00-DX1.png";
        ij.ImagePlus image = org.sparsesam.ij.ImageFiles.open(monuseg.resolve("images").resolve(name));
        ij.ImagePlus truth = org.sparsesam.ij.ImageFiles.open(monuseg.resolve("masks").resolve(name));
        image.setRoi(0, 0, 300, 300);
        truth.setRoi(0, 0, 300, 300);
        org.sparsesam.core.instance.LabelImage labels = org.sparsesam.core.instance.Instances.relabelSequential(
                org.sparsesam.ij.ImageConversion.toLabels(truth.crop()));
        List<org.sparsesam.core.prompt.Point> clicks = new org.sparsesam.core.prompt.ClickSimulator(
                org.sparsesam.core.prompt.ClickSimulator.Protocol.RANDOM,
                new org.sparsesam.core.prompt.ClickSimulator.ClickCounts(5, 5)).simulate(labels, 1).points();
        Files.createDirectories(folder);
        org.sparsesam.ij.ImageFiles.savePng(image.crop(), folder.resolve("nuclei.png"));
        Files.writeString(folder.resolve("nuclei-points.csv"), org.sparsesam.core.prompt.PointsCsv.format(clicks));
        return folder;
    }

    @Test
    void everyReadmeMacroAndEveryMacroFileRunsVerbatim() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        PlainImageJ imagej = PlainImageJ.install(dir, DISPLAY.get());
        Path nuclei = Path.of("test-images/nuclei.png"), points = Path.of("test-images/nuclei-points.csv");
        int objects = RealImageJIT.coreCount(nuclei, points);
        assertTrue(objects > 10, "nuclei.png holds dozens of nuclei: " + objects);

        // In-README snippets: /data/ holds the test image, its points, a slide and a dataset; /models/ the models.
        Path data = Files.createDirectories(dir.resolve("data"));
        Path home = Files.createDirectories(dir.resolve("user"));
        Files.copy(nuclei, data.resolve("nuclei.png"));
        Files.copy(points, data.resolve("nuclei-points.csv"));
        Files.copy(nuclei, data.resolve("slide.png"));
        dataset(data.resolve("monuseg"), nuclei);
        Files.createDirectories(home.resolve("models"));
        List<String> blocks = new ArrayList<>();
        Matcher m = IJM_BLOCK.matcher(readme);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertEquals(3, blocks.size(), "README ijm blocks; each needs its check below");
        for (String block : blocks) {
            String macro = block.replace("/data/", data + "/").replace("/models/", home.resolve("models") + "/");
            String output = imagej.run(macro, "", false);
            if (block.contains("\" ROIs; \"")) {
                assertTrue(output.contains(objects + " ROIs; " + objects + " objects, the first "), output);
            } else if (block.contains("no_split no_rois")) {
                // input, label image and mask. The learned encoder's map already parts nuclei.png's nuclei, so splitting has
                // nothing to do there: on a crop of a real MoNuSeg image touching nuclei stay together unsplit, and the same
                // macro without no_split finds more objects.
                assertTrue(number(output, "3 images open; (\\d+) objects") > 0, output);
                Path real = realNuclei(dir.resolve("real"));
                String unsplit = imagej.run(block.replace("/data/", real + "/"), "", false);
                String split = imagej.run(block.replace("/data/", real + "/").replace("no_split ", ""), "", false);
                int found = number(unsplit, "3 images open; (\\d+) objects"), withSplit = number(split, "3 images open; (\\d+) objects");
                assertTrue(found > 0 && found < withSplit, "no_split was read: " + found + " < " + withSplit + "\n" + unsplit + "\n" + split);
            } else if (block.contains("Train from annotations")) {
                assertTrue(Files.isRegularFile(home.resolve("models/nuclei.ssam")), output);
                assertTrue(number(output, "(\\d+) objects") > 10, output);
            } else {
                throw new AssertionError("no check for this README macro:\n" + block);
            }
        }

        // README lines that run macros/ files: $HOME is the temporary user folder, the MoNuSeg images a dataset.
        Path slides = Files.createDirectories(home.resolve("slides"));
        Files.copy(nuclei, slides.resolve("slide.png"));
        Files.copy(points, slides.resolve("slide-points.csv"));
        Path runPoints = Files.createDirectories(home.resolve("sparse-sam-runs/points"));
        for (int i = 0; i < TRAINING_IMAGES; i++) {
            Files.copy(points, runPoints.resolve("n" + i + "-points.csv"));
        }
        Set<String> ran = new TreeSet<>();
        Matcher line = BATCH_LINE.matcher(readme);
        while (line.find()) {
            String file = line.group(1);
            String argument = line.group(2).replace("$HOME", home.toString())
                    .replace("../shared/data/monuseg", data.resolve("monuseg").toString());
            String output = imagej.run(Files.readString(Path.of(file)), argument, false);
            ran.add(file);
            switch (file) {
                case "macros/Sparse_SAM_Batch.ijm" -> {
                    assertTrue(output.contains("Sparse SAM Batch: " + TRAINING_IMAGES + " done, 0 finished earlier, 0 skipped, 0 failed"), output);
                    List<String> summary = Files.readAllLines(home.resolve("sparse-sam-runs/out/summary.csv"));
                    assertTrue(summary.get(1).startsWith("n0.png,done," + objects + ","), summary.toString());
                }
                case "macros/Sparse_SAM_Image.ijm" -> {
                    assertTrue(output.contains("slide.png: " + objects + " objects"), output);
                    assertEquals(objects + 1, Files.readAllLines(home.resolve("sparse-sam-runs/slide/slide-results.csv")).size(), output);
                    assertTrue(Files.isRegularFile(home.resolve("sparse-sam-runs/slide/slide-labels.tif")), output);
                }
                case "macros/Sparse_SAM_Apply_Model.ijm" -> {
                    assertTrue(number(output, "slide.png: (\\d+) objects") > 10, output);
                    assertTrue(Files.isRegularFile(home.resolve("sparse-sam-runs/cohort/slide-labels.tif")), output);
                }
                default -> throw new AssertionError("no check for the README line running " + file);
            }
        }
        Set<String> files = new TreeSet<>();
        try (Stream<Path> macros = Files.list(Path.of("macros"))) {
            macros.forEach(p -> files.add("macros/" + p.getFileName()));
        }
        assertEquals(files, ran, "every ready macro is run by a README line");
    }

    /** images/ and masks/ with the same names: copies of the test image and its truth. */
    private static void dataset(Path folder, Path image) throws Exception {
        Files.createDirectories(folder.resolve("images"));
        Files.createDirectories(folder.resolve("masks"));
        for (int i = 0; i < TRAINING_IMAGES; i++) {
            Files.copy(image, folder.resolve("images/n" + i + ".png"));
            Files.copy(Path.of("test-images/nuclei-truth.png"), folder.resolve("masks/n" + i + ".png"));
        }
    }

    private static int number(String output, String regex) {
        Matcher m = Pattern.compile(regex).matcher(output);
        assertTrue(m.find(), "no '" + regex + "' in:\n" + output);
        return Integer.parseInt(m.group(1));
    }
}
