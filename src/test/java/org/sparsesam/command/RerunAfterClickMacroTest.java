package org.sparsesam.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clicking once more and running again on the same image reuses the embedding of the first run (the encoder is
 * the slow step), within one ImageJ session; an edited image is encoded afresh.
 */
class RerunAfterClickMacroTest {
    private static final String REUSED = "reused the embedding of an earlier run on this image";
    @RegisterExtension
    static final VirtualDisplay.ForClass DISPLAY = new VirtualDisplay.ForClass();

    @TempDir
    Path dir;


    @Test
    void theSecondRunOnTheSameImageSkipsTheEncoder() throws Exception {
        Path image = SyntheticSlide.write(dir);
        Path macro = dir.resolve("rerun.ijm");
        Files.writeString(macro, """
                open("IMAGE");
                id = getImageID();
                makeSelection("point", newArray(25, 50), newArray(25, 50));
                run("Sparse SAM", "encoder=builtin split");
                print("--- second run, one more click");
                selectImage(id);
                makeSelection("point", newArray(25, 80), newArray(25, 80));
                run("Sparse SAM", "encoder=builtin split");
                print("--- third run, image edited");
                selectImage(id);
                run("Select None");
                run("Add...", "value=25");
                makeSelection("point", newArray(25, 80), newArray(25, 80));
                run("Sparse SAM", "encoder=builtin split");
                print("--- end");
                """.replace("IMAGE", image.toString()));
        String log = new ImageJProcess(dir.resolve("imagej"), DISPLAY.get()).run(macro, "", dir.resolve("imagej.log"), 180);
        int second = log.indexOf("--- second run"), third = log.indexOf("--- third run"), end = log.indexOf("--- end");
        assertTrue(second > 0 && third > second && end > third, log);
        assertEquals(-1, log.substring(0, second).indexOf(REUSED), "the first run encodes:\n" + log);
        assertTrue(log.substring(second, third).contains(REUSED), "the second run reuses:\n" + log);
        assertEquals(-1, log.substring(third, end).indexOf(REUSED), "an edited image is encoded again:\n" + log);
    }
}
