package org.sparsesam.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.OvalRoi;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.sparsesam.cli.BadInputs;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SparseSamException;

/**
 * Bad input through the Fiji side: the SciJava command in a plain Context, and {@link SegmentRun} (what the ImageJ 1
 * command calls) with the ROI Manager's ROIs. Every case ends cancelled with the message, nothing thrown, no stack
 * trace on the console, the input image's pixels, selection, slice and title unchanged and the manager's ROIs as they were.
 */
class CommandRobustnessTest {
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

    /** What the user would notice if it changed: pixels of every slice, selection, slice, title, calibration. */
    private record ImageState(List<Object> pixels, String roi, int slice, String title, double pixelWidth) {
        static ImageState of(ImagePlus imp) {
            List<Object> pixels = new ArrayList<>();
            ImageStack stack = imp.getStack();
            for (int s = 1; s <= stack.getSize(); s++) {
                Object p = stack.getPixels(s);
                pixels.add(p instanceof byte[] b ? b.clone() : p instanceof short[] sh ? sh.clone()
                        : p instanceof float[] f ? f.clone() : p instanceof int[] i ? i.clone() : p);
            }
            Roi roi = imp.getRoi();
            return new ImageState(pixels, roi == null ? "none" : roi.getTypeAsString() + roi.getBounds() + roi.size(), imp.getCurrentSlice(),
                    imp.getTitle(), imp.getCalibration().pixelWidth);
        }

        void assertSame(ImageState after) {
            assertEquals(pixels.size(), after.pixels.size());
            for (int i = 0; i < pixels.size(); i++) {
                Object a = pixels.get(i), b = after.pixels.get(i);
                assertTrue(java.util.Objects.deepEquals(a, b), "pixels of slice " + (i + 1) + " changed");
            }
            assertEquals(roi, after.roi);
            assertEquals(slice, after.slice);
            assertEquals(title, after.title);
            assertEquals(pixelWidth, after.pixelWidth);
        }
    }

    /** The command's outcome and everything printed to the console meanwhile (SciJava logs there). */
    private record Outcome(CommandModule module, String console) {
        void assertRefused(String expected) {
            assertTrue(module.isCanceled(), "not refused; console: " + console);
            String reason = module.getCancelReason();
            assertTrue(reason.toLowerCase().contains(expected.toLowerCase()), reason);
            assertNoStackTrace();
        }

        void assertRefusedOrSegmented() {
            if (module.isCanceled()) {
                assertFalse(module.getCancelReason() == null || module.getCancelReason().isBlank());
            } else {
                assertTrue((Integer) module.getOutput("count") >= 0);
            }
            assertNoStackTrace();
        }

        void assertNoStackTrace() {
            assertFalse(console.contains("\tat ") || console.contains("Exception") || console.contains("Error:"),
                    "stack trace on the console:\n" + console);
        }
    }

    private Outcome run(ImagePlus input, Path points) throws Exception {
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("input", input);
        inputs.put("points", points == null ? null : points.toFile());
        inputs.put(OptionKeys.ENCODER, "builtin");
        ImageState before = ImageState.of(input);
        Outcome outcome = captureConsole(() -> commands.run(SparseSamCommand.class, true, inputs).get());
        before.assertSame(ImageState.of(input));
        return outcome;
    }

    private static Outcome captureConsole(Callable<CommandModule> call) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream oldOut = System.out, oldErr = System.err;
        PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            CommandModule module = call.call();
            return new Outcome(module, console.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private Path points(String csv) throws Exception {
        return Files.writeString(dir.resolve("points-" + csv.hashCode() + ".csv"), csv);
    }

    static Stream<Arguments> badPointFiles() {
        return Stream.of(Arguments.of("garbage", "lorem ipsum\ndolor sit amet\n", "fields"),
                Arguments.of("NaN", "NaN,NaN,fg\n", "not finite"),
                Arguments.of("outside", "500,20,fg\n", "outside"),
                Arguments.of("only background", "20,20,bg\n", "background"),
                Arguments.of("empty", "", "No points"),
                Arguments.of("bad label", "20,20,yes\n", "line 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPointFiles")
    void aBadPointsFileCancelsWithTheMessage(String what, String csv, String expected) throws Exception {
        run(BadInputs.slide(), points(csv)).assertRefused(expected);
    }

    @Test
    void aMissingPointsFileCancelsWithTheMessage() throws Exception {
        run(BadInputs.slide(), dir.resolve("nowhere.csv")).assertRefused("does not exist");
    }

    @Test
    void nonFinitePixelsCancelNamingThePixel() throws Exception {
        run(BadInputs.floatSlide(Float.NaN, 5), points(BadInputs.POINTS_CSV)).assertRefused("x=5, y=0");
        run(BadInputs.floatSlide(Float.NEGATIVE_INFINITY, BadInputs.WIDTH), points(BadInputs.POINTS_CSV)).assertRefused("x=0, y=1");
    }

    static Stream<Arguments> tinyImages() {
        return Stream.of(Arguments.of(1, 1), Arguments.of(3, 2), Arguments.of(1, 64), Arguments.of(17, 17));
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("tinyImages")
    void aTinyImageIsRefusedOrSegmented(int width, int height) throws Exception {
        ImagePlus tiny = new ImagePlus("tiny", new ByteProcessor(width, height));
        tiny.getProcessor().set(0, 0, 255);
        run(tiny, points("0,0,fg\n")).assertRefusedOrSegmented();
    }

    @Test
    void aMultiPointSelectionWithThousandsOfClicksWorksAndStaysAsItWas() throws Exception {
        ImagePlus slide = BadInputs.slide();
        Random random = new Random(5);
        PointRoi roi = null;
        for (int i = 0; i < 3000; i++) {
            int[] c = BadInputs.CENTRES[random.nextInt(BadInputs.CENTRES.length)];
            boolean fg = random.nextInt(3) > 0;
            int x = fg ? c[0] + random.nextInt(3) - 1 : random.nextInt(BadInputs.WIDTH);
            int y = fg ? c[1] + random.nextInt(3) - 1 : random.nextInt(BadInputs.HEIGHT);
            if (roi == null) {
                roi = new PointRoi(x, y);
                roi.setCounter(fg ? 0 : 1);
            } else {
                roi.setCounter(fg ? 0 : 1);
                roi.addPoint(x, y);
            }
        }
        slide.setRoi(roi);
        run(slide, null).assertRefusedOrSegmented();
    }

    @Test
    void duplicateClicksInTheSelectionAreHarmless() throws Exception {
        ImagePlus slide = BadInputs.slide();
        slide.setRoi(new PointRoi(new int[] {20, 20, 20, 70}, new int[] {20, 20, 20, 50}, 4));
        Outcome outcome = run(slide, null);
        assertNull(outcome.module().getCancelReason(), outcome.console());
        assertEquals(BadInputs.CENTRES.length, outcome.module().getOutput("count"));
    }

    @Test
    void aStackIsSegmentedOnItsCurrentSliceAndLeftOnIt() throws Exception {
        ImageStack stack = new ImageStack(BadInputs.WIDTH, BadInputs.HEIGHT);
        stack.addSlice(new ColorProcessor(BadInputs.WIDTH, BadInputs.HEIGHT));
        stack.addSlice(BadInputs.slide().getProcessor());
        stack.addSlice(new ColorProcessor(BadInputs.WIDTH, BadInputs.HEIGHT));
        ImagePlus imp = new ImagePlus("stack", stack);
        imp.setSlice(2);
        Outcome outcome = run(imp, points(BadInputs.POINTS_CSV));
        assertNull(outcome.module().getCancelReason());
        assertEquals(BadInputs.CENTRES.length, outcome.module().getOutput("count"));
    }

    /** The ROI Manager as SegmentRun gets it: its ROIs must come back with the same names, shapes and positions. */
    @Test
    void theRoiManagersRoisAreLeftAsTheyWereOnErrorAndSuccess() {
        ImagePlus slide = BadInputs.slide();
        Roi user = new OvalRoi(3, 4, 10, 12);
        user.setName("user-oval");
        user.setPosition(1);
        PointRoi fg = new PointRoi(20, 20);
        fg.setName("fg-1");
        PointRoi notFound = new PointRoi(500, 500);
        notFound.setName("bg-outside");
        Roi[] manager = {user, fg, notFound};
        String before = describe(manager);
        ImageState image = ImageState.of(slide);

        SparseSamException e = org.junit.jupiter.api.Assertions.assertThrows(SparseSamException.class,
                () -> SegmentRun.run(slide, null, manager, SegmentOptions.defaults(), Progress.NONE, CancelToken.none()));
        assertTrue(e.getMessage().contains("bg-outside"), e.getMessage());
        assertEquals(before, describe(manager));

        manager[2] = new PointRoi(42, 36);
        manager[2].setName("bg-stroma");
        String beforeGood = describe(manager);
        assertEquals(BadInputs.CENTRES.length,
                SegmentRun.run(slide, null, manager, SegmentOptions.defaults(), Progress.NONE, CancelToken.none()).count());
        assertEquals(beforeGood, describe(manager));
        image.assertSame(ImageState.of(slide));
    }

    private static String describe(Roi[] rois) {
        StringBuilder sb = new StringBuilder();
        for (Roi r : rois) {
            sb.append(r.getName()).append(r.getBounds()).append(r.getPosition()).append(r.size()).append(';');
        }
        return sb.toString();
    }

    @Test
    void aSingleColourOrBlankImageIsRefusedOrSegmented() throws Exception {
        run(new ImagePlus("black", new ColorProcessor(64, 48)), points("10,10,fg\n30,30,bg\n")).assertRefusedOrSegmented();
        run(new ImagePlus("zeros", new FloatProcessor(64, 48)), points("10,10,fg\n")).assertRefusedOrSegmented();
    }
}
