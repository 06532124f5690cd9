package org.sparsesam.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** similarity_map puts one heat-map layer over the image next to the outlines; a run without it takes it away. */
class SimilarityMapMacroTest {
    @RegisterExtension
    static final VirtualDisplay.ForClass DISPLAY = new VirtualDisplay.ForClass();

    @TempDir
    Path dir;


    @Test
    void theHeatMapLayerComesAndGoesWithTheOption() throws Exception {
        Path image = SyntheticSlide.write(dir);
        Path report = dir.resolve("report.txt");
        Path macro = dir.resolve("heat.ijm");
        Files.writeString(macro, """
                open("IMAGE");
                run("Sparse SAM", "points=[POINTS] encoder=builtin split overlay similarity_map");
                out = "size=" + Overlay.size + "\\n";
                Overlay.activateSelection(Overlay.size - 1);
                out = out + "last=" + Roi.getName + "\\n";
                run("Select None");
                run("Sparse SAM", "points=[POINTS] encoder=builtin split overlay");
                out = out + "size=" + Overlay.size + "\\n";
                File.saveString(out, "REPORT");
                """.replace("IMAGE", image.toString()).replace("POINTS", dir.resolve("points.csv").toString()).replace("REPORT", report.toString()));
        String log = new ImageJProcess(dir.resolve("imagej"), DISPLAY.get()).run(macro, "", dir.resolve("imagej.log"), 180);
        int discs = SyntheticSlide.CENTRES.length;
        assertEquals(List.of("size=" + (discs + 1), "last=SparseSAM-similarity", "size=" + discs), Files.readAllLines(report), log);
    }
}
