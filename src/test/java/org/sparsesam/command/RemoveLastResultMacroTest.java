package org.sparsesam.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** "Sparse SAM Remove Last Result" in a real ImageJ macro: the second run's ROIs go, the user's and the first run's stay. */
class RemoveLastResultMacroTest {
    @RegisterExtension
    static final VirtualDisplay.ForClass DISPLAY = new VirtualDisplay.ForClass();

    @TempDir
    Path dir;


    @Test
    void removesExactlyTheLastRunsRois() throws Exception {
        Path image = SyntheticSlide.write(dir);
        Path report = dir.resolve("report.txt");
        Path macro = dir.resolve("remove.ijm");
        Files.writeString(macro, """
                open("IMAGE");
                makeRectangle(3, 4, 10, 12); roiManager("add"); roiManager("select", 0); roiManager("rename", "user-rect");
                run("Select None");
                run("Sparse SAM", "points=[POINTS] encoder=builtin split add_to_manager");
                makeOval(100, 90, 20, 15); roiManager("add"); roiManager("select", roiManager("count") - 1); roiManager("rename", "user-oval");
                run("Select None");
                run("Sparse SAM", "points=[POINTS] encoder=builtin split add_to_manager");
                before = roiManager("count");
                run("Sparse SAM Remove Last Result");
                out = "before=" + before + "\\n";
                for (i = 0; i < roiManager("count"); i++) out = out + RoiManager.getName(i) + "\\n";
                File.saveString(out, "REPORT");
                """.replace("IMAGE", image.toString()).replace("POINTS", dir.resolve("points.csv").toString()).replace("REPORT", report.toString()));
        String log = new ImageJProcess(dir.resolve("imagej"), DISPLAY.get()).run(macro, "", dir.resolve("imagej.log"), 180);
        List<String> lines = Files.readAllLines(report);
        int discs = SyntheticSlide.CENTRES.length;
        assertEquals("before=" + (2 + 2 * discs), lines.get(0), log);
        List<String> left = lines.subList(1, lines.size());
        assertEquals(2 + discs, left.size(), log);
        assertEquals("user-rect", left.get(0));
        assertEquals("user-oval", left.get(1 + discs), "the user's ROI added between the runs stays in place");
        for (String name : left.subList(1, 1 + discs)) {
            assertEquals(true, name.startsWith("SparseSAM-1-"), name);
        }
    }
}
