package org.sparsesam.core.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;

/**
 * Sanity check on a real MoNuSeg tile: haematoxylin features must separate the annotated nuclei from the rest.
 * Also prints encode times (information only, never asserted). Images are read with javax.imageio here
 * ({@code var} keeps java.awt types out of the imports) because core code may not depend on ImageJ.
 */
@Tag("slow")
class BuiltinEncoderRealImageTest {
    private static final Path DATA = Path.of("..", "shared", "data", "monuseg");
    private static final String NAME = "TCGA-21-5784-01Z-00-DX1.png";

    @Test
    void haematoxylinFeaturesSeparateNucleiOnARealTile() throws IOException {
        var rgb = ImageIO.read(DATA.resolve("images").resolve(NAME).toFile());
        int w = rgb.getWidth(), h = rgb.getHeight();
        RasterImage image = RasterImage.fromPackedRgb(w, h, rgb.getRGB(0, 0, w, h, null, 0, w));
        var mask = ImageIO.read(DATA.resolve("masks").resolve(NAME).toFile()).getRaster();

        encode(new BuiltinEncoder(1), image); // warm-up: JIT compilation, not counted
        for (int stride : new int[] {1, 2, 4}) {
            long start = System.nanoTime();
            FeatureGrid grid = encode(new BuiltinEncoder(stride), image);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("builtin encoder, %dx%d RGB, stride %d: %.2f s, %d channels, grid %dx%d, %d MB%n",
                    w, h, stride, seconds, grid.channelCount(), grid.gridWidth(), grid.gridHeight(), grid.sizeInBytes() >> 20);
            assertEquals(60, grid.channelCount());

            FloatPlane hGauss = grid.channel(BuiltinEncoder.channelNames(true).indexOf("H/gauss/s2"));
            double inside = 0, outside = 0;
            long nIn = 0, nOut = 0;
            for (int gy = 0; gy < grid.gridHeight(); gy++) {
                for (int gx = 0; gx < grid.gridWidth(); gx++) {
                    // the mask pixel under the cell centre
                    int x = Math.min(w - 1, gx * stride + stride / 2), y = Math.min(h - 1, gy * stride + stride / 2);
                    if (mask.getSample(x, y, 0) != 0) {
                        inside += hGauss.get(gx, gy);
                        nIn++;
                    } else {
                        outside += hGauss.get(gx, gy);
                        nOut++;
                    }
                }
            }
            System.out.printf("  H/gauss/s2 mean in nuclei %.2f, elsewhere %.2f (standardised units)%n", inside / nIn, outside / nOut);
            assertTrue(inside / nIn > outside / nOut + 1, "nuclei should be at least one standard deviation higher in H");
        }
    }

    private static FeatureGrid encode(BuiltinEncoder encoder, RasterImage image) {
        return encoder.encode(image, Progress.NONE, CancelToken.none());
    }
}
