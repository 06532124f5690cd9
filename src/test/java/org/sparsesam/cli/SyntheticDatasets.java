package org.sparsesam.cli;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sparsesam.core.eval.SyntheticTissue;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.ij.ImageConversion;
import org.sparsesam.ij.ImageFiles;

/** Writes small generated datasets (images/ and masks/) to disk as PNG, the way users lay out theirs. */
final class SyntheticDatasets {
    private SyntheticDatasets() {}

    static Path create(Path root) throws IOException {
        Files.createDirectories(root.resolve("images"));
        Files.createDirectories(root.resolve("masks"));
        return root;
    }

    static void addInstance(Path root, String name, int width, int height, long seed) {
        SyntheticTissue t = SyntheticTissue.nuclei(width, height, seed);
        writeImage(root, name, t.image());
        ImageFiles.savePng(ImageConversion.labelsToImage(t.labels(), name), root.resolve("masks").resolve(name));
    }

    static void addBinary(Path root, String name, int width, int height, long seed) {
        SyntheticTissue t = SyntheticTissue.nuclei(width, height, seed);
        writeImage(root, name, t.image());
        writeBinaryMask(root, name, t.labels());
    }

    static void writeImage(Path root, String name, RasterImage image) {
        int n = image.width() * image.height();
        int[] packed = new int[n];
        for (int i = 0; i < n; i++) {
            packed[i] = (int) image.channel(0).data()[i] << 16 | (int) image.channel(1).data()[i] << 8 | (int) image.channel(2).data()[i];
        }
        ImageFiles.savePng(new ImagePlus(name, new ColorProcessor(image.width(), image.height(), packed)), root.resolve("images").resolve(name));
    }

    static void writeBinaryMask(Path root, String name, LabelImage labels) {
        byte[] px = new byte[labels.data().length];
        for (int i = 0; i < px.length; i++) {
            px[i] = labels.data()[i] != 0 ? (byte) 255 : 0;
        }
        ImageFiles.savePng(new ImagePlus(name, new ByteProcessor(labels.width(), labels.height(), px)), root.resolve("masks").resolve(name));
    }
}
