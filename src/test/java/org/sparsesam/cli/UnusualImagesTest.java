package org.sparsesam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Unusual but valid image files through {@code sparse-sam segment}: the slide of {@link BadInputs} (four purple
 * discs on pink stroma, two clicked) saved with an alpha channel, as a palette image, as 8, 16 and 32-bit grey, as a
 * calibrated TIFF and as the second slice of a stack. Each must give the same answer as the plain RGB PNG: every
 * disc found, as one object each.
 */
class UnusualImagesTest {
    @TempDir
    Path dir;

    static Map<String, byte[]> variants() throws IOException {
        ImagePlus slide = BadInputs.slide();
        ColorProcessor rgb = (ColorProcessor) slide.getProcessor();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("rgb.png", BadInputs.png(slide));
        files.put("alpha-opaque.png", encode(withAlpha(rgb, false), "png"));
        files.put("alpha-varying.png", encode(withAlpha(rgb, true), "png"));
        files.put("palette.png", encode(palette(rgb), "png"));
        files.put("palette.gif", encode(palette(rgb), "gif"));
        files.put("grey8.png", BadInputs.png(new ImagePlus("g8", rgb.convertToByteProcessor())));
        files.put("grey8.tif", BadInputs.tiff(new ImagePlus("g8", rgb.convertToByteProcessor())));
        ImageProcessor sixteen = rgb.convertToShortProcessor();
        sixteen.multiply(200);
        files.put("grey16.tif", BadInputs.tiff(new ImagePlus("g16", sixteen)));
        files.put("grey16.png", encode(grey16(sixteen), "png"));
        ImageProcessor floats = rgb.convertToFloatProcessor();
        floats.multiply(1 / 255.0);
        files.put("grey32.tif", BadInputs.tiff(new ImagePlus("g32", floats)));
        ImagePlus calibrated = BadInputs.slide();
        calibrated.getCalibration().pixelWidth = 0.25;
        calibrated.getCalibration().pixelHeight = 0.25;
        calibrated.getCalibration().setUnit("um");
        files.put("calibrated.tif", BadInputs.tiff(calibrated));
        files.put("bmp.bmp", encode(slide.getBufferedImage(), "bmp"));
        return files;
    }

    static java.util.stream.Stream<String> names() throws IOException {
        return variants().keySet().stream();
    }

    private static BufferedImage withAlpha(ColorProcessor rgb, boolean varying) {
        BufferedImage out = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < rgb.getHeight(); y++) {
            for (int x = 0; x < rgb.getWidth(); x++) {
                int alpha = varying ? 128 + (x * 127 / rgb.getWidth()) : 255;
                out.setRGB(x, y, alpha << 24 | (rgb.get(x, y) & 0xffffff));
            }
        }
        return out;
    }

    /** The slide with its colours reduced to a 256-entry palette (the image has few distinct colours). */
    private static BufferedImage palette(ColorProcessor rgb) {
        Map<Integer, Integer> index = new LinkedHashMap<>();
        int[] pixels = (int[]) rgb.getPixels();
        for (int p : pixels) {
            index.putIfAbsent(p & 0xffffff, index.size());
        }
        assertTrue(index.size() <= 256, index.size() + " colours");
        // shuffled, so that palette indices carry no order a reader could get right by treating them as grey levels
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            slots.add(i);
        }
        Collections.shuffle(slots, new Random(3));
        index.replaceAll((colour, i) -> slots.get(i));
        byte[] r = new byte[256], g = new byte[256], b = new byte[256];
        index.forEach((colour, i) -> {
            r[i] = (byte) (colour >> 16);
            g[i] = (byte) (colour >> 8);
            b[i] = (byte) (int) colour;
        });
        BufferedImage out = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 256, r, g, b));
        byte[] raster = ((java.awt.image.DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i++) {
            raster[i] = (byte) (int) index.get(pixels[i] & 0xffffff);
        }
        return out;
    }

    private static BufferedImage grey16(ImageProcessor sixteen) {
        BufferedImage out = new BufferedImage(sixteen.getWidth(), sixteen.getHeight(), BufferedImage.TYPE_USHORT_GRAY);
        short[] dst = ((java.awt.image.DataBufferUShort) out.getRaster().getDataBuffer()).getData();
        System.arraycopy((short[]) sixteen.getPixels(), 0, dst, 0, dst.length);
        return out;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), "no writer for " + format);
        return out.toByteArray();
    }

    private CliRun segment(Path image, String out) {
        Path points = BadInputs.write(dir.resolve("points.csv"), BadInputs.POINTS_CSV);
        return CliRun.of("segment", image.toString(), "--points", points.toString(), "--out", dir.resolve(out).toString());
    }

    /** Every disc found, each as its own object, and nothing else. */
    private void assertEveryDisc(Path out, String name) {
        ImagePlus labels = ij.IJ.openImage(out.resolve(name + "-labels.tif").toString());
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int[] c : BadInputs.CENTRES) {
            int label = labels.getProcessor().get(c[0], c[1]);
            assertTrue(label != 0, name + ": disc at " + c[0] + "," + c[1] + " missed");
            assertTrue(seen.add(label), name + ": two discs share label " + label);
        }
        assertEquals(BadInputs.CENTRES.length, (int) labels.getStatistics().max, name + ": extra objects");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void segmentsLikeThePlainRgbPng(String name) throws IOException {
        Path image = BadInputs.write(dir.resolve(name), variants().get(name));
        segment(image, "out").assertSuccess();
        assertEveryDisc(dir.resolve("out"), name.substring(0, name.lastIndexOf('.')));
    }

    /** A label mask saved as a palette PNG (labels coloured for display) is read by its labels, not its colours. */
    @Test
    void aPaletteMaskIsReadAsItsLabels() throws IOException {
        byte[] r = new byte[256], g = new byte[256], b = new byte[256];
        new Random(1).nextBytes(r);
        new Random(2).nextBytes(g);
        new Random(3).nextBytes(b);
        BufferedImage mask = new BufferedImage(6, 4, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 256, r, g, b));
        byte[] raster = ((java.awt.image.DataBufferByte) mask.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < raster.length; i++) {
            raster[i] = (byte) (i < 12 ? 0 : i < 18 ? 1 : 7);
        }
        Path file = BadInputs.write(dir.resolve("mask.png"), encode(mask, "png"));
        org.sparsesam.core.instance.LabelImage labels = org.sparsesam.ij.ImageConversion.toLabels(org.sparsesam.ij.ImageFiles.openMask(file));
        assertEquals(0, labels.data()[0]);
        assertEquals(1, labels.data()[12]);
        assertEquals(7, labels.data()[23]);
    }

    @Test
    void aStackIsSegmentedOnItsFirstSliceWithANote() {
        ImageStack stack = new ImageStack(BadInputs.WIDTH, BadInputs.HEIGHT);
        stack.addSlice(BadInputs.slide().getProcessor());
        stack.addSlice(new ColorProcessor(BadInputs.WIDTH, BadInputs.HEIGHT));
        Path image = dir.resolve("stack.tif");
        assertTrue(new FileSaver(new ImagePlus("stack", stack)).saveAsTiffStack(image.toString()));
        CliRun run = segment(image, "out").assertSuccess();
        assertTrue(run.err().contains("stack of 2 slices"), run.err());
        assertEveryDisc(dir.resolve("out"), "stack");
    }

    /** A disc in images only a little larger than the disc (the coarsest filter reaches 3 sigma = 24 pixels). */
    @ParameterizedTest(name = "{0} pixels square")
    @org.junit.jupiter.params.provider.ValueSource(ints = {20, 28, 36})
    void aVerySmallImageWithOneDiscIsSegmented(int side) {
        int[] px = new int[side * side];
        int c = side / 2;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                boolean disc = (x - c) * (x - c) + (y - c) * (y - c) <= 25;
                px[y * side + x] = disc ? 95 << 16 | 55 << 8 | 145 : 235 << 16 | 170 << 8 | 205;
            }
        }
        Path image = BadInputs.write(dir.resolve("small.png"), BadInputs.png(new ImagePlus("small", new ColorProcessor(side, side, px))));
        Path points = BadInputs.write(dir.resolve("small.csv"), c + "," + c + ",fg\n1,1,bg\n");
        CliRun.of("segment", image.toString(), "--points", points.toString(), "--out", dir.resolve("out").toString()).assertSuccess();
        ImagePlus labels = ij.IJ.openImage(dir.resolve("out/small-labels.tif").toString());
        assertTrue(labels.getProcessor().get(c, c) != 0, "the disc was missed");
        assertEquals(0, labels.getProcessor().get(1, 1));
    }
}
