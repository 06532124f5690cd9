package org.sparsesam.command;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * An H&amp;E-like test image whose answer is known: pink stroma with purple discs ("nuclei") on a grid, far enough
 * apart that every disc is its own object. Two discs are clicked as foreground and two stroma spots as background.
 */
final class SyntheticSlide {
    static final int WIDTH = 160, HEIGHT = 120, RADIUS = 7;
    static final int[][] CENTRES = {{25, 25}, {70, 25}, {115, 30}, {30, 75}, {80, 80}, {130, 85}, {55, 105}};
    static final String POINTS_CSV = "x,y,label\n25,25,fg\n80,80,fg\n50,50,bg\n100,60,bg\n";

    private SyntheticSlide() {}

    static ImagePlus image() {
        Random noise = new Random(7);
        int[] px = new int[WIDTH * HEIGHT];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                boolean nucleus = false;
                for (int[] c : CENTRES) {
                    nucleus |= (x - c[0]) * (x - c[0]) + (y - c[1]) * (y - c[1]) <= RADIUS * RADIUS;
                }
                int r = nucleus ? 95 : 235, g = nucleus ? 55 : 170, b = nucleus ? 145 : 205;
                int n = noise.nextInt(11) - 5;
                px[y * WIDTH + x] = (r + n) << 16 | (g + n) << 8 | (b + n);
            }
        }
        return new ImagePlus("slide.png", new ColorProcessor(WIDTH, HEIGHT, px));
    }

    /** Writes the image and its points file into {@code dir}; returns the image path. */
    static Path write(Path dir) throws IOException {
        Path png = dir.resolve("slide.png");
        if (!new FileSaver(image()).saveAsPng(png.toString())) {
            throw new IOException("could not write " + png);
        }
        Files.writeString(dir.resolve("points.csv"), POINTS_CSV);
        return png;
    }
}
