package org.sparsesam.ij;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.Opener;
import ij.io.TiffDecoder;
import ij.process.ColorProcessor;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.sparsesam.core.MemoryEstimate;
import org.sparsesam.core.SparseSamException;

/**
 * Opens an image file so that a damaged one becomes a message, never a crash, a stack trace on the console or a
 * silently wrong image. ImageJ's {@link Opener} alone prints decoder errors to the console (JPEG through the AWT
 * toolkit even prints a stack trace from another thread), fills the missing part of a truncated TIFF with zeros,
 * and runs out of memory on a header that claims an absurd size. So: the header is read first and its size
 * checked against the file and the heap; PNG, JPEG, GIF and BMP are decoded here through ImageIO, where every
 * error and warning (a truncated JPEG is only a warning) reaches us; TIFF and ImageJ's other formats are opened
 * by ImageJ once their header has passed.
 */
final class ImageFileReader {
    private ImageFileReader() {}

    /**
     * @param paletteAsColours true for images, whose palette holds their colours; false for masks, whose palette
     *                         indices are the labels (a palette only colours them for display)
     */
    static ImagePlus open(Path file, boolean paletteAsColours) {
        return open(file, paletteAsColours, (width, height) -> {});
    }

    /**
     * @param beforeDecoding called with the header's width and height before a pixel is decoded; it throws to refuse
     *                       (the caller's own memory check: a large file is then refused in a second, not after it
     *                       was decoded)
     */
    static ImagePlus open(Path file, boolean paletteAsColours, java.util.function.BiConsumer<Integer, Integer> beforeDecoding) {
        String path = file.toAbsolutePath().toString();
        long length;
        try {
            length = Files.size(file);
        } catch (IOException e) {
            throw unreadable(file, e.getMessage());
        }
        if (length == 0) {
            throw new SparseSamException("The file " + file + " is empty (0 bytes): it was not saved completely; save or copy it again.");
        }
        int type = new Opener().getFileType(path);
        try {
            ImagePlus imp = switch (type) {
                case Opener.PNG -> {
                    requirePngEnd(file, length);
                    yield decodeWithImageIo(file, paletteAsColours, beforeDecoding);
                }
                case Opener.JPEG, Opener.GIF, Opener.BMP -> decodeWithImageIo(file, paletteAsColours, beforeDecoding);
                case Opener.TIFF, Opener.TIFF_AND_DICOM -> openTiff(file, length, beforeDecoding);
                case Opener.UNKNOWN, Opener.TEXT, Opener.JAVA_OR_TEXT, Opener.TABLE, Opener.ROI, Opener.LUT -> throw notAnImage(file);
                default -> new Opener().openImage(path);
            };
            if (imp == null || imp.getProcessor() == null || imp.getWidth() < 1 || imp.getHeight() < 1) {
                throw unreadable(file, null);
            }
            return imp;
        } catch (OutOfMemoryError e) {
            throw new SparseSamException("The image " + file + " does not fit in the memory Java may use ("
                    + MemoryEstimate.megabytes(Runtime.getRuntime().maxMemory()) + "): " + MemoryEstimate.RAISE_HEAP, e);
        } catch (SparseSamException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unreadable(file, e.getMessage());
        }
    }

    private static ImagePlus decodeWithImageIo(Path file, boolean paletteAsColours,
                                               java.util.function.BiConsumer<Integer, Integer> beforeDecoding) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw notAnImage(file);
            }
            ImageReader reader = readers.next();
            try {
                StringBuilder warnings = new StringBuilder();
                reader.addIIOReadWarningListener((source, warning) -> warnings.append(warnings.length() == 0 ? "" : "; ").append(warning));
                reader.setInput(in, true, true);
                checkSize(file, reader.getWidth(0), reader.getHeight(0), 1, 4);
                checkDecodableInOnePiece(file, reader);
                beforeDecoding.accept(reader.getWidth(0), reader.getHeight(0));
                BufferedImage image = reader.read(0);
                if (warnings.length() > 0) {
                    throw unreadable(file, warnings.toString());
                }
                if (paletteAsColours && image.getColorModel() instanceof IndexColorModel palette && !isIdentityGreyRamp(palette)) {
                    // a palette is the pixels' colours, not a display LUT: ImageJ would keep the indices as grey values
                    return new ImagePlus(file.getFileName().toString(), new ColorProcessor(image));
                }
                return new ImagePlus(file.getFileName().toString(), image);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof SparseSamException s) {
                throw s;
            }
            throw unreadable(file, e.getMessage());
        }
    }

    /**
     * A PNG ends with an IEND chunk; one cut short anywhere lacks it. ImageIO reads such a file without a word
     * when only the end is missing, but the file was not written completely and the user should know.
     */
    private static void requirePngEnd(Path file, long length) {
        byte[] tail = new byte[12];
        try (java.nio.channels.SeekableByteChannel in = Files.newByteChannel(file)) {
            if (length >= tail.length) {
                in.position(length - tail.length);
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(tail);
                while (buffer.hasRemaining() && in.read(buffer) > 0) {
                    // read the last 12 bytes
                }
            }
        } catch (IOException e) {
            throw unreadable(file, e.getMessage());
        }
        if (length < tail.length || !new String(tail, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("IEND")) {
            throw new SparseSamException("The file " + file + " is truncated: a PNG ends with an IEND chunk and this one does not;"
                    + " copy or save it again.");
        }
    }

    private static boolean isIdentityGreyRamp(IndexColorModel palette) {
        for (int i = 0; i < palette.getMapSize(); i++) {
            if (palette.getRed(i) != i || palette.getGreen(i) != i || palette.getBlue(i) != i) {
                return false;
            }
        }
        return true;
    }

    /** ImageJ reads TIFF best (stacks, 16/32 bit, calibration); its header is checked against the file first. */
    private static ImagePlus openTiff(Path file, long length, java.util.function.BiConsumer<Integer, Integer> beforeDecoding) {
        FileInfo[] infos;
        try {
            TiffDecoder decoder = new TiffDecoder(file.toAbsolutePath().getParent().toString() + java.io.File.separator,
                    file.getFileName().toString());
            infos = decoder.getTiffInfo();
        } catch (IOException | RuntimeException e) {
            throw unreadable(file, e.getMessage());
        }
        if (infos == null || infos.length == 0) {
            throw unreadable(file, "no image in the TIFF header");
        }
        FileInfo first = infos[0];
        long planes = infos.length == 1 ? Math.max(1, first.nImages) : infos.length;
        int bytesPerPixel = Math.max(1, first.getBytesPerPixel());
        checkSize(file, first.width, first.height, planes, bytesPerPixel);
        beforeDecoding.accept(first.width, first.height);
        if (first.compression <= FileInfo.COMPRESSION_NONE) {
            long end = 0;
            for (FileInfo fi : infos) {
                end = Math.max(end, dataEnd(fi, bytesPerPixel, infos.length == 1 ? planes : 1));
            }
            if (end > length) {
                throw new SparseSamException("The file " + file + " is truncated: its TIFF header promises " + end
                        + " bytes of pixels but the file has " + length + "; copy or save it again.");
            }
        }
        ImagePlus imp = new Opener().openImage(file.toAbsolutePath().toString());
        if (imp == null) {
            throw unreadable(file, null);
        }
        return imp;
    }

    /** Where the last pixel of an uncompressed TIFF image ends, from its strips or its contiguous layout. */
    private static long dataEnd(FileInfo fi, int bytesPerPixel, long planes) {
        if (fi.stripOffsets != null && fi.stripLengths != null && fi.stripOffsets.length == fi.stripLengths.length
                && fi.stripOffsets.length > 0 && planes == 1) {
            long end = 0;
            for (int i = 0; i < fi.stripOffsets.length; i++) {
                end = Math.max(end, (fi.stripOffsets[i] & 0xffffffffL) + (fi.stripLengths[i] & 0xffffffffL));
            }
            return end;
        }
        long planeBytes = (long) fi.width * fi.height * bytesPerPixel;
        return fi.getOffset() + planes * planeBytes + (planes - 1) * Math.max(0, fi.gapBetweenImages);
    }

    /**
     * ImageIO decodes into one Java array, which holds at most 2^31 bytes whatever the heap; beyond that it fails
     * with a message about scanline strides that sounds like a damaged file. A 30000 x 30000 RGB PNG is such a file.
     */
    private static void checkDecodableInOnePiece(Path file, ImageReader reader) throws IOException {
        javax.imageio.ImageTypeSpecifier type = reader.getRawImageType(0);
        if (type == null) {
            return;
        }
        java.awt.image.SampleModel model = type.getSampleModel();
        long bytesPerPixel = Math.max(1, (long) model.getNumBands() * java.awt.image.DataBuffer.getDataTypeSize(model.getDataType()) / 8);
        long bytes = (long) reader.getWidth(0) * reader.getHeight(0) * bytesPerPixel;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new SparseSamException(String.format(Locale.ROOT, "The file %s holds a %d x %d image, %s of pixels once decoded, "
                    + "more than Java can decode in one piece (2 GB) whatever the heap: cut it into crops (for example with vips "
                    + "or QuPath) and segment each.", file, reader.getWidth(0), reader.getHeight(0), MemoryEstimate.megabytes(bytes)));
        }
    }

    /** Refuses sizes that are no image at all, or that the heap could not hold, before a pixel is read. */
    private static void checkSize(Path file, long width, long height, long planes, int bytesPerPixel) {
        if (width < 1 || height < 1) {
            throw new SparseSamException("The file " + file + " claims an image of " + width + " x " + height
                    + " pixels, which is no image: the file is damaged; save it again.");
        }
        long bytes = width * height * planes * bytesPerPixel;
        long free = MemoryEstimate.availableHeap();
        if (width * height > Integer.MAX_VALUE || bytes > free) {
            throw new SparseSamException(String.format(Locale.ROOT,
                    "The file %s holds a %d x %d image%s (%s of pixels), more than the %s of memory Java has free: %s",
                    file, width, height, planes > 1 ? " with " + planes + " planes" : "", MemoryEstimate.megabytes(bytes),
                    MemoryEstimate.megabytes(free), MemoryEstimate.RAISE_HEAP));
        }
    }

    private static SparseSamException notAnImage(Path file) {
        return new SparseSamException("The file " + file + " is not an image Sparse SAM can read: give a PNG, TIFF or JPEG file.");
    }

    private static SparseSamException unreadable(Path file, String detail) {
        return new SparseSamException("The file " + file + " is not an image ImageJ can read (corrupt, truncated or an unsupported format"
                + (detail == null || detail.isBlank() ? "" : ": " + detail.strip()) + "): save it as PNG or TIFF again and retry.");
    }
}
