package org.sparsesam.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.prefs.PrefService;

/** The SciJava command through a plain headless Context, as a script or another plugin would call it. */
class SparseSamCommandTest {
    @TempDir
    Path dir;
    private Context context;
    private CommandService commands;

    @BeforeEach
    void startContext() {
        context = new Context(CommandService.class);
        commands = context.getService(CommandService.class);
    }

    @AfterEach
    void stopContext() {
        context.dispose();
    }

    private CommandModule run(ImagePlus input, File points) throws Exception {
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("input", input);
        inputs.put("points", points);
        inputs.put(OptionKeys.ENCODER, "builtin");
        // SciJava remembers a command's last inputs (Java preferences): name every one a test relies on.
        inputs.put(OptionKeys.MODE, OptionKeys.MODE_SIMILARITY);
        return commands.run(SparseSamCommand.class, true, inputs).get();
    }

    @Test
    void segmentsEveryDiscAndKeepsCalibration() throws Exception {
        ImagePlus input = SyntheticSlide.image();
        input.getCalibration().pixelWidth = 0.25;
        input.getCalibration().pixelHeight = 0.25;
        Path csv = dir.resolve("points.csv");
        Files.writeString(csv, SyntheticSlide.POINTS_CSV);

        CommandModule module = run(input, csv.toFile());

        assertNull(module.getCancelReason());
        assertEquals(SyntheticSlide.CENTRES.length, module.getOutput("count"));
        ImagePlus labels = (ImagePlus) module.getOutput("label_image");
        ImagePlus mask = (ImagePlus) module.getOutput("mask");
        assertEquals(16, labels.getBitDepth());
        assertEquals(0.25, labels.getCalibration().pixelWidth);
        for (int[] c : SyntheticSlide.CENTRES) {
            assertNotEquals(0, labels.getProcessor().get(c[0], c[1]), "disc at " + c[0] + "," + c[1]);
            assertEquals(255, mask.getProcessor().get(c[0], c[1]));
        }
        assertEquals(0, labels.getProcessor().get(50, 50), "stroma stays background");
    }

    @Test
    void clicksCanComeFromTheImagesSelectionWhenNoFileIsGiven() throws Exception {
        ImagePlus input = SyntheticSlide.image();
        input.setRoi(new ij.gui.PointRoi(new int[] {25, 80}, new int[] {25, 80}, 2));
        CommandModule module = run(input, null);
        assertNull(module.getCancelReason());
        assertEquals(SyntheticSlide.CENTRES.length, module.getOutput("count"));
    }

    @Test
    void theModeKeyReachesTheCoreWhichExplainsThatRefineNeedsASamPackage() throws Exception {
        Path csv = dir.resolve("points.csv");
        Files.writeString(csv, SyntheticSlide.POINTS_CSV);
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("input", SyntheticSlide.image());
        inputs.put(OptionKeys.POINTS, csv.toFile());
        inputs.put(OptionKeys.ENCODER, "builtin");
        inputs.put(OptionKeys.MODE, OptionKeys.MODE_REFINE);
        CommandModule module;
        try {
            module = commands.run(SparseSamCommand.class, true, inputs).get();
        } finally {
            // Not to leave "refine" as the remembered mode of the next script that leaves mode out.
            context.getService(PrefService.class).remove(SparseSamCommand.class, OptionKeys.MODE);
        }
        assertTrue(module.isCanceled());
        assertTrue(module.getCancelReason().startsWith("Mode refine runs SAM's mask decoder"), module.getCancelReason());
    }

    @Test
    void aUserErrorCancelsWithTheMessage() throws Exception {
        CommandModule module = run(SyntheticSlide.image(), null);
        assertTrue(module.isCanceled());
        assertTrue(module.getCancelReason().startsWith("No points given"), module.getCancelReason());
    }
}
