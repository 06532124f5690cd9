package org.sparsesam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input through {@code sparse-sam segment}, in process: every case must end with exit 1, one "error:" sentence
 * naming the problem, no stack trace, nothing left in the output folder and the input files unchanged.
 */
class CliRobustnessTest {
    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    private static byte[] png;
    private static byte[] tiff;
    private static byte[] jpeg;
    private Path goodImage;
    private Path goodPoints;

    @BeforeEach
    void writeGoodInputs() {
        if (png == null) {
            ImagePlus slide = BadInputs.slide();
            png = BadInputs.png(slide);
            tiff = BadInputs.tiff(slide);
            jpeg = BadInputs.jpeg(slide);
        }
        goodImage = BadInputs.write(dir.resolve("slide.png"), png);
        goodPoints = BadInputs.write(dir.resolve("points.csv"), BadInputs.POINTS_CSV);
    }

    /** A bad file of some kind: its name (with the extension that makes it claim a format) and its bytes. */
    record BadFile(String kind, String name, byte[] bytes) {
        @Override
        public String toString() {
            return kind + " " + name;
        }
    }

    static Stream<BadFile> badImages() {
        ImagePlus slide = BadInputs.slide();
        byte[] p = BadInputs.png(slide), t = BadInputs.tiff(slide), j = BadInputs.jpeg(slide);
        List<BadFile> files = new ArrayList<>();
        for (int length : new int[] {0, 4, 8, 16, 33, 60, 120, p.length / 2, p.length - 13}) {
            files.add(new BadFile("truncated PNG", "cut" + length + ".png", BadInputs.truncated(p, length)));
        }
        for (int length : new int[] {0, 4, 8, 100, 200, t.length / 2, t.length - 1}) {
            files.add(new BadFile("truncated TIFF", "cut" + length + ".tif", BadInputs.truncated(t, length)));
        }
        for (int length : new int[] {0, 2, 20, 200, j.length / 2}) {
            files.add(new BadFile("truncated JPEG", "cut" + length + ".jpg", BadInputs.truncated(j, length)));
        }
        files.add(new BadFile("corrupt PNG", "flipped.png", BadInputs.corrupted(p, 60, 7)));
        files.add(new BadFile("corrupt PNG", "header.png", BadInputs.corrupted(p, 1, 1000)));
        files.add(new BadFile("corrupt TIFF", "flipped-header.tif", BadInputs.corrupted(t, 8, 3)));
        files.add(new BadFile("corrupt TIFF", "huge.tif", tiffClaimingSize(t, 200_000, 200_000)));
        files.add(new BadFile("corrupt TIFF", "zero-size.tif", tiffClaimingSize(t, 0, 0)));
        files.add(new BadFile("corrupt JPEG", "flipped.jpg", BadInputs.corrupted(j, 30, 5)));
        files.add(new BadFile("zero-size PNG", "zero-size.png", pngClaimingSize(p, 0, 0)));
        files.add(new BadFile("corrupt PNG", "huge.png", pngClaimingSize(p, 100_000, 100_000)));
        files.add(new BadFile("not an image", "text.png", "this is not an image\n".getBytes()));
        files.add(new BadFile("not an image", "points.tif", BadInputs.POINTS_CSV.getBytes()));
        return files.stream();
    }

    /** The same TIFF with its first IFD's width and height replaced: a header that promises pixels it lacks. */
    static byte[] tiffClaimingSize(byte[] tiff, int width, int height) {
        byte[] out = tiff.clone();
        boolean little = out[0] == 'I';
        int ifd = readInt(out, 4, little);
        int entries = readShort(out, ifd, little);
        for (int e = 0; e < entries; e++) {
            int at = ifd + 2 + 12 * e;
            int tag = readShort(out, at, little);
            int type = readShort(out, at + 2, little);
            if (tag == 256 || tag == 257) {
                int value = tag == 256 ? width : height;
                if (type == 3) {
                    writeShort(out, at + 8, Math.min(value, 0xffff), little);
                } else {
                    writeInt(out, at + 8, value, little);
                }
            }
        }
        return out;
    }

    /** The PNG with its IHDR width and height replaced (and the chunk's CRC fixed, so only the size is wrong). */
    static byte[] pngClaimingSize(byte[] png, int width, int height) {
        byte[] out = png.clone();
        writeInt(out, 16, width, false);
        writeInt(out, 20, height, false);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(out, 12, 17);
        writeInt(out, 29, (int) crc.getValue(), false);
        return out;
    }

    private static int readShort(byte[] b, int at, boolean little) {
        return little ? (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 : (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    private static int readInt(byte[] b, int at, boolean little) {
        return little ? readShort(b, at, true) | readShort(b, at + 2, true) << 16 : readShort(b, at, false) << 16 | readShort(b, at + 2, false);
    }

    private static void writeShort(byte[] b, int at, int v, boolean little) {
        b[at + (little ? 0 : 1)] = (byte) v;
        b[at + (little ? 1 : 0)] = (byte) (v >> 8);
    }

    private static void writeInt(byte[] b, int at, int v, boolean little) {
        for (int i = 0; i < 4; i++) {
            b[at + (little ? i : 3 - i)] = (byte) (v >> (8 * i));
        }
    }

    private CliRun segment(Path image, Path points, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("segment", image.toString(), "--points", points.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(new String[0]));
    }

    private void assertNothingWritten(Path out) {
        assertEquals(List.of(), BadInputs.filesUnder(out), "files left in the output folder");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badImages")
    void aBrokenImageFileIsRefusedCleanly(BadFile bad) {
        Path image = BadInputs.write(dir.resolve(bad.name()), bad.bytes());
        String before = BadInputs.hash(image);
        Path out = dir.resolve("out");
        segment(image, goodPoints, out).assertCleanError().assertMentions(bad.name());
        assertFalse(Files.exists(out), "a failed run leaves no output folder behind");
        assertEquals(before, BadInputs.hash(image), "the input file was changed");
    }

    static Stream<Arguments> tinyImages() {
        return Stream.of(Arguments.of(1, 1), Arguments.of(2, 3), Arguments.of(8, 8), Arguments.of(1, 200), Arguments.of(300, 1));
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("tinyImages")
    void aTinyImageIsRefusedOrSegmentedButNeverCrashes(int width, int height) {
        ColorProcessor cp = new ColorProcessor(width, height);
        cp.setColor(new java.awt.Color(105, 60, 150));
        cp.fill();
        Path image = BadInputs.write(dir.resolve("tiny.png"), BadInputs.png(new ImagePlus("tiny", cp)));
        Path points = BadInputs.write(dir.resolve("tiny.csv"), "0,0,fg\n");
        Path out = dir.resolve("out");
        if (!segment(image, points, out).assertCleanErrorOrSuccess()) {
            assertNothingWritten(out);
        }
    }

    static Stream<Arguments> nonFiniteFloats() {
        return Stream.of(Arguments.of("NaN pixels", Float.NaN, new int[] {0, 500, 6911}),
                Arguments.of("+Inf pixel", Float.POSITIVE_INFINITY, new int[] {1000}),
                Arguments.of("-Inf pixel", Float.NEGATIVE_INFINITY, new int[] {7}),
                Arguments.of("all NaN", Float.NaN, java.util.stream.IntStream.range(0, BadInputs.WIDTH * BadInputs.HEIGHT).toArray()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonFiniteFloats")
    void aFloatImageWithNonFiniteValuesIsRefusedNamingThePixel(String what, float value, int[] where) {
        Path image = BadInputs.write(dir.resolve("float.tif"), BadInputs.tiff(BadInputs.floatSlide(value, where)));
        Path out = dir.resolve("out");
        segment(image, goodPoints, out).assertCleanError().assertMentions("NaN or infinite")
                .assertMentions("x=" + where[0] % BadInputs.WIDTH + ", y=" + where[0] / BadInputs.WIDTH);
        assertNothingWritten(out);
    }

    /** Points files users could plausibly hand over, each broken in another way, and a word the message must hold. */
    static Stream<Arguments> badPoints() {
        return Stream.of(
                Arguments.of("garbage text", "hello world\nthis is not a points file\n", "fields"),
                Arguments.of("empty file", "", "No points"),
                Arguments.of("header only", "x,y,label\n", "No points"),
                Arguments.of("words as numbers", "x,y,label\nten,twenty,fg\n", "not a number"),
                Arguments.of("NaN coordinate", "NaN,20,fg\n", "not finite"),
                Arguments.of("infinite coordinate", "20,Infinity,fg\n", "not finite"),
                Arguments.of("huge coordinate", "1e308,20,fg\n", "outside"),
                Arguments.of("negative coordinate", "-40,20,fg\n", "outside"),
                Arguments.of("unknown label", "20,20,maybe\n", "line 1"),
                Arguments.of("too many fields", "20,20,fg,extra\n", "4 fields"),
                Arguments.of("too few fields", "20,20\n", "2 fields"),
                Arguments.of("only background", "20,20,bg\n70,50,bg\n", "background"),
                Arguments.of("binary", "\u0000\u0001\u0002PNG\u0000\u00ff", "fields"),
                Arguments.of("hex numbers", "0x14,0x14,fg\n", "not a number"),
                Arguments.of("NUL in a number", "2\u00000,20,fg\n", "not a number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPoints")
    void aBrokenPointsFileIsRefusedNamingTheProblem(String what, String content, String expected) {
        Path points = BadInputs.write(dir.resolve("bad.csv"), content);
        String before = BadInputs.hash(points);
        Path out = dir.resolve("out");
        segment(goodImage, points, out).assertCleanError().assertMentions(expected);
        assertNothingWritten(out);
        assertEquals(before, BadInputs.hash(points));
    }

    @Test
    void pointsNotInUtf8OrNotAFileAreRefused() throws Exception {
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, "x,y,label \u00e9\n20,20,fg\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        segment(goodImage, latin1, dir.resolve("out")).assertCleanError().assertMentions("not text");
        segment(goodImage, dir, dir.resolve("out2")).assertCleanError().assertMentions("points file");
        segment(goodImage, dir.resolve("missing.csv"), dir.resolve("out3")).assertCleanError().assertMentions("does not exist");
        assertNothingWritten(dir.resolve("out"));
    }

    @Test
    void duplicateClicksAreHarmless() {
        Path points = BadInputs.write(dir.resolve("dup.csv"), "20,20,fg\n20,20,fg\n20,20,fg\n42,36,bg\n42,36,bg\n");
        segment(goodImage, points, dir.resolve("out")).assertSuccess();
        assertEquals(4, BadInputs.filesUnder(dir.resolve("out")).size());
    }

    @Test
    void foregroundAndBackgroundOnTheSamePixelIsRefusedOrResolvedCleanly() {
        Path points = BadInputs.write(dir.resolve("clash.csv"), "20,20,fg\n20,20,bg\n70,50,fg\n");
        segment(goodImage, points, dir.resolve("out")).assertCleanErrorOrSuccess();
    }

    @Test
    void thousandsOfClicksAreHandled() {
        Random random = new Random(3);
        StringBuilder csv = new StringBuilder("x,y,label\n");
        for (int i = 0; i < 5000; i++) {
            int[] c = BadInputs.CENTRES[random.nextInt(BadInputs.CENTRES.length)];
            boolean fg = random.nextBoolean();
            double x = fg ? c[0] + random.nextInt(5) - 2 : random.nextInt(BadInputs.WIDTH);
            double y = fg ? c[1] + random.nextInt(5) - 2 : random.nextInt(BadInputs.HEIGHT);
            csv.append(String.format(Locale.ROOT, "%.1f,%.1f,%s%n", x, y, fg ? "fg" : "bg"));
        }
        Path points = BadInputs.write(dir.resolve("many.csv"), csv.toString());
        segment(goodImage, points, dir.resolve("out")).assertCleanErrorOrSuccess();
    }

    @Test
    void aMissingRequiredOptionIsOneErrorLineWithExitCodeOne() {
        CliRun run = CliRun.of("segment", goodImage.toString(), "--out", dir.resolve("out").toString());
        assertEquals(1, run.exitCode());
        run.assertCleanError().assertMentions("--points");
        assertEquals(1, run.err().lines().count(), run.err());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void aValidButHugePngIsRefusedForItsSizeNotAsDamaged() {
        // 30000 x 30000 RGB: 2.5 GB decoded, more than one Java array, and more than most heaps
        Path huge = BadInputs.write(dir.resolve("huge.png"), pngClaimingSize(png, 30_000, 30_000));
        CliRun run = segment(huge, goodPoints, dir.resolve("out")).assertCleanError().assertMentions("30000 x 30000");
        assertFalse(run.err().contains("corrupt"), run.err());
    }

    @Test
    void anOutputFolderThatCannotBeCreatedIsRefusedBeforeAnyWork() throws Exception {
        Path file = BadInputs.write(dir.resolve("a-file"), "x");
        segment(goodImage, goodPoints, file.resolve("sub")).assertCleanError().assertMentions("--out");
        segment(goodImage, goodPoints, file).assertCleanError().assertMentions("--out");
        assertEquals("x", Files.readString(file));
    }

    @Test
    void aReadOnlyOutputFolderIsRefused() throws Exception {
        Path out = Files.createDirectories(dir.resolve("read-only"));
        assertTrue(out.toFile().setWritable(false, false));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(out), "running as root: permissions are not enforced");
            segment(goodImage, goodPoints, out).assertCleanError().assertMentions("writable");
        } finally {
            out.toFile().setWritable(true, false);
        }
    }

    @Test
    void earlierResultsAreNeverOverwrittenWithoutForce() throws Exception {
        Path out = dir.resolve("out");
        segment(goodImage, goodPoints, out).assertSuccess();
        Path labels = out.resolve("slide-labels.tif");
        String before = BadInputs.hash(labels);
        segment(goodImage, goodPoints, out).assertCleanError().assertMentions("--force");
        assertEquals(before, BadInputs.hash(labels));
        segment(goodImage, goodPoints, out, "--force").assertSuccess();
        assertEquals(4, BadInputs.filesUnder(out).size(), "no temporary files left: " + BadInputs.filesUnder(out));
    }

    @Test
    void aGoodRunLeavesItsInputsAlone() {
        String image = BadInputs.hash(goodImage), points = BadInputs.hash(goodPoints);
        segment(goodImage, goodPoints, dir.resolve("out")).assertSuccess();
        assertEquals(image, BadInputs.hash(goodImage));
        assertEquals(points, BadInputs.hash(goodPoints));
    }

    @Test
    void aTiffAndAJpegOfTheSameSlideSegmentLikeThePng() {
        Path t = BadInputs.write(dir.resolve("slide.tif"), tiff);
        Path j = BadInputs.write(dir.resolve("slide.jpg"), jpeg);
        String png = segment(goodImage, goodPoints, dir.resolve("a")).assertSuccess().out();
        String fromTiff = segment(t, goodPoints, dir.resolve("b")).assertSuccess().out();
        segment(j, goodPoints, dir.resolve("c")).assertSuccess();
        assertTrue(png.startsWith(BadInputs.CENTRES.length + " objects"), png);
        assertTrue(fromTiff.startsWith(BadInputs.CENTRES.length + " objects"), fromTiff);
    }

    @Test
    void badOptionsAreRefusedCleanly() {
        Function<String[], CliRun> withOptions = extra -> segment(goodImage, goodPoints, dir.resolve("out"), extra);
        withOptions.apply(new String[] {"--encoder", "no-such-model"}).assertCleanError().assertMentions("encoder");
        withOptions.apply(new String[] {"--encoder", dir.resolve("missing.zip").toString()}).assertCleanError();
        Path truncatedPackage = BadInputs.write(dir.resolve("model.zip"), BadInputs.truncated(png, 0));
        BadInputs.write(truncatedPackage, new byte[] {'P', 'K', 3, 4, 0, 0});
        withOptions.apply(new String[] {"--encoder", truncatedPackage.toString()}).assertCleanError();
        withOptions.apply(new String[] {"--min-area", "-3"}).assertCleanError().assertMentions("min_area");
        withOptions.apply(new String[] {"--lr", "NaN"}).assertCleanError().assertMentions("learning_rate");
        withOptions.apply(new String[] {"--tune", "everything"}).assertCleanError();
        withOptions.apply(new String[] {"--iterations", "-1"}).assertCleanError();
        assertNothingWritten(dir.resolve("out"));
    }
}
