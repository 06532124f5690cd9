package org.sparsesam.core.encode.histology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.EncoderProfile;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.encode.sam.Device;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.model.Checksums;

/**
 * The learned histology encoder on the shipped weights. Their output is not meaningful yet (an early checkpoint), so
 * these tests check what holds for any weights of this interface: the weights are the manifest's, the grid has the
 * promised shape and ranges, tiling agrees with whole-image encoding, and the pipeline gives what ONNX Runtime gives
 * when called directly. Everything runs on CPU, so results are deterministic.
 */
class HistologyEncoderTest {
    private static final Path MODEL_FOLDER = resourceFolder();
    private static RasterImage nuclei;
    private static HistologyEncoder whole;

    @BeforeAll
    static void open() throws IOException {
        nuclei = read(Path.of("test-images/nuclei.png"));
        whole = HistologyEncoder.shipped(Device.CPU, Progress.NONE);
    }

    @AfterAll
    static void close() {
        whole.close();
    }

    @Test
    void shippedWeightsAreTheManifests() throws IOException {
        // Hashed here independently of the encoder: this fails whenever the committed weights and manifest disagree.
        HistologyManifest manifest = HistologyManifest.parse(Files.readString(MODEL_FOLDER.resolve(HistologyEncoder.MANIFEST_FILE)), "test");
        assertEquals(manifest.sha256(), Checksums.sha256(MODEL_FOLDER.resolve(manifest.file())));
        assertEquals("histology-v1", whole.id());
        assertEquals(manifest.sha256(), whole.checksum());
        assertEquals(2, whole.stride());
        assertTrue(whole.temperature() > 0 && whole.temperature() < 1, "temperature " + whole.temperature());
        assertEquals("CPU", whole.provider());
    }

    @Test
    void tamperedWeightsAreRefusedWithTheFix(@TempDir Path folder) throws IOException {
        for (String file : List.of(HistologyEncoder.MANIFEST_FILE, whole.manifest().file())) {
            Files.copy(MODEL_FOLDER.resolve(file), folder.resolve(file));
        }
        try (HistologyEncoder untouched = HistologyEncoder.fromFolder(folder, Device.CPU, Progress.NONE)) {
            assertEquals(whole.checksum(), untouched.checksum());
        }
        Path weights = folder.resolve(whole.manifest().file());
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length / 2] ^= 1;
        Files.write(weights, bytes);
        SparseSamException e = assertThrows(SparseSamException.class, () -> HistologyEncoder.fromFolder(folder, Device.CPU, Progress.NONE));
        assertTrue(e.getMessage().contains("SHA-256") && e.getMessage().contains(whole.checksum())
                && e.getMessage().contains("copy the model folder again"), e.getMessage());
    }

    @Test
    void missingFolderSaysWhatAFolderHolds(@TempDir Path folder) {
        SparseSamException e = assertThrows(SparseSamException.class, () -> HistologyEncoder.fromFolder(folder, Device.CPU, Progress.NONE));
        assertTrue(e.getMessage().contains(HistologyEncoder.MANIFEST_FILE), e.getMessage());
    }

    @Test
    void gridHasUnitVectorsAndInstanceMapsInRange() {
        FeatureGrid grid = whole.encode(nuclei, Progress.NONE, CancelToken.none());
        assertEquals(192, grid.gridWidth());
        assertEquals(192, grid.gridHeight());
        assertEquals(2, grid.stride());
        assertEquals(32, grid.channelCount());
        assertEquals("embedding-00", grid.channelName(0));
        assertEquals("embedding-31", grid.channelName(31));
        assertUnitLength(grid);
        for (String map : List.of(HistologyEncoder.NUCLEUS_DISTANCE, HistologyEncoder.GLAND_DISTANCE)) {
            for (float v : grid.auxiliary(map).data()) {
                assertTrue(v >= 0 && v <= 1, map + " value " + v);
            }
        }
        assertNull(grid.auxiliary("no-such-map"));
    }

    @Test
    void oddSizedGreyImageIsPaddedAndCropped() {
        FloatPlane grey = crop(nuclei, 101, 77).channel(1);
        FeatureGrid grid = whole.encode(RasterImage.grey(grey), Progress.NONE, CancelToken.none());
        assertEquals(51, grid.gridWidth());
        assertEquals(39, grid.gridHeight());
        assertEquals(101, grid.imageWidth());
        assertUnitLength(grid);
    }

    /**
     * Tiles of 256 px with a 64 px margin against the whole 384 px image (3 x 3 tiles). The cores cannot match
     * exactly: the network sees 480 px around a cell (manifest: receptive_field_pixels), far beyond the margin, so
     * a core cell near a cut misses context the whole image gives it. The margin covers the part of that field that
     * carries most of the weight, hence a high mean cosine similarity, not equality.
     */
    @Test
    void tiledEncodingAgreesWithWholeInTheCores() {
        FeatureGrid reference = whole.encode(nuclei, Progress.NONE, CancelToken.none());
        List<String> stages = new ArrayList<>();
        FeatureGrid tiled;
        try (HistologyEncoder small = HistologyEncoder.shipped(Device.CPU, Progress.NONE, new HistologyTiling(256, 64))) {
            tiled = small.encode(nuclei, (stage, fraction) -> stages.add(stage), CancelToken.none());
        }
        assertTrue(stages.contains("histology encoder, tile 9/9"), stages.toString());
        assertEquals(reference.gridWidth(), tiled.gridWidth());
        assertUnitLength(tiled);
        double meanCosine = meanCosine(reference, tiled, 0);
        // The early weights give nearly parallel vectors everywhere, so 0.98 alone would pass a grid stitched one cell
        // off: the tiles must also agree far better with the whole image than the whole image with itself shifted a cell.
        double shifted = meanCosine(reference, reference, 1);
        System.out.printf("histology tiled (256/64) vs whole, nuclei.png: mean cosine %.6f (one cell shifted: %.6f)%n", meanCosine, shifted);
        assertTrue(meanCosine > 0.98, "mean cosine " + meanCosine);
        assertTrue(1 - meanCosine < (1 - shifted) / 10, "mean cosine " + meanCosine + ", one cell shifted " + shifted);
        for (String map : List.of(HistologyEncoder.NUCLEUS_DISTANCE, HistologyEncoder.GLAND_DISTANCE)) {
            assertNotNull(tiled.auxiliary(map));
        }
    }

    /**
     * The pipeline (value scaling, reflection padding, tensor layout, output unpacking, cropping) against ONNX Runtime
     * run directly on a padded tensor built here by hand, on an odd-sized crop so that padding matters.
     */
    @Test
    void pipelineMatchesTheRawSession() throws Exception {
        RasterImage image = crop(nuclei, 200, 150);
        int w = 200, h = 150, pw = 224, ph = 160;
        float[] tensor = new float[3 * pw * ph];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < ph; y++) {
                int sy = y < h ? y : 2 * (h - 1) - y; // mirrored at the last row, which is not repeated
                for (int x = 0; x < pw; x++) {
                    int sx = x < w ? x : 2 * (w - 1) - x;
                    tensor[(c * ph + y) * pw + x] = image.channel(c).get(sx, sy) / 255f;
                }
            }
        }
        FeatureGrid grid = whole.encode(image, Progress.NONE, CancelToken.none());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession raw = env.createSession(MODEL_FOLDER.resolve(whole.manifest().file()).toString(), options);
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(tensor), new long[] {1, 3, ph, pw});
             OrtSession.Result result = raw.run(Map.of("image", input))) {
            float[][][][] embedding = (float[][][][]) result.get("embedding").orElseThrow().getValue();
            float[][][][] instance = (float[][][][]) result.get("instance").orElseThrow().getValue();
            double worst = 0;
            for (int gy = 0; gy < grid.gridHeight(); gy++) {
                for (int gx = 0; gx < grid.gridWidth(); gx++) {
                    for (int c = 0; c < 32; c++) {
                        worst = Math.max(worst, Math.abs(embedding[0][c][gy][gx] - grid.channel(c).get(gx, gy)));
                    }
                    worst = Math.max(worst, Math.abs(instance[0][0][gy][gx] - grid.auxiliary(HistologyEncoder.NUCLEUS_DISTANCE).get(gx, gy)));
                    worst = Math.max(worst, Math.abs(instance[0][1][gy][gx] - grid.auxiliary(HistologyEncoder.GLAND_DISTANCE).get(gx, gy)));
                }
            }
            assertTrue(worst <= 1e-5, "largest difference " + worst);
        }
    }

    @Test
    void cancelledBeforeTheFirstTile() {
        CancelToken cancel = new CancelToken();
        cancel.cancel();
        assertThrows(CancelToken.CancelledException.class, () -> whole.encode(nuclei, Progress.NONE, cancel));
    }

    @Test
    void profileDescribesTheGrid() {
        EncoderProfile profile = whole.profile(true).orElseThrow();
        assertEquals(32, profile.channels());
        assertEquals(2, profile.auxiliaryPlanes());
        assertEquals(2, profile.stride());
        assertEquals(HistologyEncoder.DEFAULT_TILE_SIZE, profile.tileSize());
        assertEquals(HistologyEncoder.DEFAULT_TILE_MARGIN, profile.tileMargin());
        FeatureGrid grid = whole.encode(crop(nuclei, 101, 77), Progress.NONE, CancelToken.none());
        assertEquals(grid.sizeInBytes(), profile.gridBytes(101, 77));
    }

    /** Mean cosine similarity of each cell of {@code a} with the cell {@code dx} to its right in {@code b} (both unit length). */
    private static double meanCosine(FeatureGrid a, FeatureGrid b, int dx) {
        float[] u = new float[a.channelCount()], v = new float[b.channelCount()];
        double sum = 0;
        int count = 0;
        for (int gy = 0; gy < a.gridHeight(); gy++) {
            for (int gx = 0; gx + dx < a.gridWidth(); gx++) {
                a.vector(gy * a.gridWidth() + gx, u);
                b.vector(gy * b.gridWidth() + gx + dx, v);
                for (int c = 0; c < u.length; c++) {
                    sum += u[c] * v[c];
                }
                count++;
            }
        }
        return sum / count;
    }

    private static void assertUnitLength(FeatureGrid grid) {
        float[] v = new float[grid.channelCount()];
        for (int i = 0; i < grid.gridWidth() * grid.gridHeight(); i++) {
            grid.vector(i, v);
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            assertEquals(1, Math.sqrt(norm), 1e-4, "cell " + i);
        }
    }

    private static RasterImage crop(RasterImage image, int w, int h) {
        FloatPlane[] planes = new FloatPlane[3];
        for (int c = 0; c < 3; c++) {
            planes[c] = new FloatPlane(w, h);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    planes[c].set(x, y, image.channel(c).get(x, y));
                }
            }
        }
        return RasterImage.rgb(planes[0], planes[1], planes[2]);
    }

    static RasterImage read(Path file) throws IOException {
        BufferedImage png = ImageIO.read(file.toFile());
        int w = png.getWidth(), h = png.getHeight();
        return RasterImage.fromPackedRgb(w, h, png.getRGB(0, 0, w, h, null, 0, w));
    }

    private static Path resourceFolder() {
        try {
            return Path.of(HistologyEncoder.class.getResource(HistologyEncoder.RESOURCE_FOLDER + HistologyEncoder.MANIFEST_FILE).toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
