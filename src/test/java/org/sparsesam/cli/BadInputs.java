package org.sparsesam.cli;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Valid inputs to damage, and the damage: a small H&amp;E-like slide whose answer is known (purple discs on pink
 * stroma, clicks on two discs and two stroma spots), written as PNG, TIFF or JPEG, and ways to break files.
 */
public final class BadInputs {
    public static final int WIDTH = 96, HEIGHT = 72, RADIUS = 6;
    public static final int[][] CENTRES = {{20, 20}, {60, 18}, {25, 52}, {70, 50}};
    public static final String POINTS_CSV = "x,y,label\n20,20,fg\n70,50,fg\n42,36,bg\n85,10,bg\n";

    private BadInputs() {}

    public static ImagePlus slide() {
        Random noise = new Random(7);
        int[] px = new int[WIDTH * HEIGHT];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                boolean nucleus = false;
                for (int[] c : CENTRES) {
                    nucleus |= (x - c[0]) * (x - c[0]) + (y - c[1]) * (y - c[1]) <= RADIUS * RADIUS;
                }
                int n = noise.nextInt(11) - 5;
                int r = (nucleus ? 95 : 235) + n, g = (nucleus ? 55 : 170) + n, b = (nucleus ? 145 : 205) + n;
                px[y * WIDTH + x] = r << 16 | g << 8 | b;
            }
        }
        return new ImagePlus("slide", new ColorProcessor(WIDTH, HEIGHT, px));
    }

    /** A 32-bit image of the slide's darkness, with the given values poked in at the given pixels. */
    public static ImagePlus floatSlide(float poke, int... pixelIndices) {
        ColorProcessor rgb = (ColorProcessor) slide().getProcessor();
        FloatProcessor fp = rgb.convertToFloatProcessor();
        for (int i : pixelIndices) {
            fp.setf(i, poke);
        }
        return new ImagePlus("float-slide", fp);
    }

    public static byte[] png(ImagePlus imp) {
        return encoded(imp, "png");
    }

    public static byte[] jpeg(ImagePlus imp) {
        return encoded(imp, "jpeg");
    }

    public static byte[] tiff(ImagePlus imp) {
        return new FileSaver(imp).serialize();
    }

    private static byte[] encoded(ImagePlus imp, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(imp.getBufferedImage(), format, out)) {
                throw new IOException("no " + format + " writer");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] truncated(byte[] data, int length) {
        return Arrays.copyOf(data, Math.min(length, data.length));
    }

    /** Every {@code step}-th byte from {@code from} on flipped: structure intact at the start, garbage after. */
    public static byte[] corrupted(byte[] data, int from, int step) {
        byte[] out = data.clone();
        for (int i = from; i < out.length; i += step) {
            out[i] ^= 0x5a;
        }
        return out;
    }

    public static Path write(Path file, byte[] data) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path write(Path file, String text) {
        return write(file, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** SHA-256 of a file, to show an input was not changed. */
    public static String hash(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every file under {@code dir}, as relative names, hidden ones included (temporary names must not survive). */
    public static java.util.List<String> filesUnder(Path dir) {
        if (!Files.exists(dir)) {
            return java.util.List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
