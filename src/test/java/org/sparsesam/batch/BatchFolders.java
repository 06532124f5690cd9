package org.sparsesam.batch;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sparsesam.cli.SparseSamCli;
import org.sparsesam.core.eval.SyntheticTissue;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.ij.ImageConversion;
import org.sparsesam.ij.ImageFiles;

/**
 * A folder as a batch user has it: generated H&amp;E-like images with ground truth (images/, masks/), points files
 * written by {@code sparse-sam points-from-truth} into points/, and optionally a corrupt image with a points file.
 */
public final class BatchFolders {
    public static final String CORRUPT = "broken.png";

    private BatchFolders() {}

    /** Writes {@code count} images {@code img-1.png ...} of {@code size}x{@code size} and their points files; returns the root. */
    public static Path create(Path root, int count, int size) throws IOException {
        Files.createDirectories(root.resolve("images"));
        Files.createDirectories(root.resolve("masks"));
        for (int i = 1; i <= count; i++) {
            SyntheticTissue t = SyntheticTissue.nuclei(size, size, i);
            String name = "img-" + i + ".png";
            ImageFiles.savePng(rgb(t.image(), name), root.resolve("images").resolve(name));
            ImageFiles.savePng(ImageConversion.labelsToImage(t.labels(), name), root.resolve("masks").resolve(name));
        }
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = SparseSamCli.run(new String[] {"points-from-truth", root.toString(), "--out", root.resolve("points").toString(),
                "--clicks", "3:3", "--seed", "1"}, new PrintWriter(out), new PrintWriter(err));
        if (code != 0) {
            throw new IOException("points-from-truth failed: " + out + err);
        }
        return root;
    }

    /** Adds a truncated PNG (a valid signature, then nothing) with a valid points file, as a crashed copy leaves one. */
    public static void addCorruptImage(Path root) throws IOException {
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        Files.write(root.resolve("images").resolve(CORRUPT), signature);
        Files.writeString(root.resolve("points").resolve("broken-points.csv"), "x,y,label\n5,5,fg\n20,20,bg\n");
    }

    private static ImagePlus rgb(RasterImage image, String title) {
        int n = image.width() * image.height();
        int[] packed = new int[n];
        for (int i = 0; i < n; i++) {
            packed[i] = (int) image.channel(0).data()[i] << 16 | (int) image.channel(1).data()[i] << 8 | (int) image.channel(2).data()[i];
        }
        return new ImagePlus(title, new ColorProcessor(image.width(), image.height(), packed));
    }
}
