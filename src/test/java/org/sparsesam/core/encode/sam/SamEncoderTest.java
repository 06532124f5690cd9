package org.sparsesam.core.encode.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.model.ModelPackage;
import org.sparsesam.core.model.TinySamFixture;

class SamEncoderTest {
    private static final List<String> NOTES = new ArrayList<>();
    private static SamEncoder encoder;

    @BeforeAll
    static void open() {
        Progress progress = new Progress() {
            public void report(String stage, double fraction) {}
            public void note(String message) {
                NOTES.add(message);
            }
        };
        try (ModelPackage pkg = ModelPackage.open(TinySamFixture.packageFolder())) {
            encoder = new SamEncoder(pkg, Device.CPU, progress);
        }
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void saysWhereItRuns() {
        assertEquals("CPU", encoder.executionProvider());
        assertEquals(1, NOTES.size(), NOTES.toString());
        assertTrue(NOTES.get(0).contains("runs on CPU") && NOTES.get(0).contains("--device cpu"), NOTES.get(0));
        assertTrue(encoder.id().startsWith("sam:tiny-sam@"));
    }

    @Test
    void embeddingMatchesThePythonReference() {
        SamEmbedding embedding = encoder.embed(SamReference.image("image"), Progress.NONE, CancelToken.none());
        float[] python = TinySamFixture.floats("embedding");
        assertEquals(32, embedding.channels());
        assertEquals(16, embedding.size());
        assertEquals(0f, SamReference.maxAbsDiff(python, embedding.values()), 1e-4);
    }

    @Test
    void sameTensorGivesTheSameEmbeddingOnEveryRun() {
        SamInput input = encoder.preprocessor().prepare(SamReference.image("image"), Progress.NONE);
        float[] first = encoder.embed(input).values();
        float[] second = encoder.embed(input).values();
        assertEquals(0f, SamReference.maxAbsDiff(first, second));
    }

    @Test
    void featureGridOfASquareImageIsTheEmbeddingItself() {
        // 128 x 128 fills the frame: stride 128 / 16 = 8 exactly, so grid cell centres fall on embedding cells.
        FloatPlane[] rgb = new FloatPlane[3];
        for (int c = 0; c < 3; c++) {
            rgb[c] = new FloatPlane(128, 128);
            for (int i = 0; i < rgb[c].data().length; i++) {
                rgb[c].data()[i] = (i * (c + 3)) % 251;
            }
        }
        RasterImage image = RasterImage.rgb(rgb[0], rgb[1], rgb[2]);
        SamEmbedding embedding = encoder.embed(image, Progress.NONE, CancelToken.none());
        FeatureGrid grid = embedding.toFeatureGrid();
        assertEquals(8, grid.stride());
        assertEquals(16, grid.gridWidth());
        assertEquals(16, grid.gridHeight());
        assertEquals(32, grid.channelCount());
        for (int c = 0; c < 32; c += 7) {
            for (int y = 0; y < 16; y += 5) {
                for (int x = 0; x < 16; x += 3) {
                    assertEquals(embedding.value(c, y, x), grid.channel(c).get(x, y), 1e-6);
                }
            }
        }
    }

    @Test
    void featureGridCoversTheImageAndNotThePadding() {
        SamEmbedding embedding = encoder.embed(SamReference.image("image"), Progress.NONE, CancelToken.none());
        FeatureGrid grid = embedding.toFeatureGrid();
        // 150 x 100 image: one SAM cell spans 150 / 16 = 9.4 pixels -> stride 9, grid ceil(150/9) x ceil(100/9).
        assertEquals(9, grid.stride());
        assertEquals(17, grid.gridWidth());
        assertEquals(12, grid.gridHeight());
        assertEquals(150, grid.imageWidth());
        assertEquals(100, grid.imageHeight());
        // The image fills 85 of 128 rows: embedding rows 0..10 (85 / 8 = 10.6) hold it, rows 11.. are padding.
        // The last grid row's centre (y = 103.5 -> clamped to 100) maps to row 10.1, clamped to row 10.
        for (int c = 0; c < 32; c += 5) {
            for (int gx = 0; gx < 17; gx += 4) {
                float v = grid.channel(c).get(gx, 11);
                double ex = Math.max(0, Math.min(15, (Math.min(150, (gx + 0.5) * 9) * 128 / 150) / 8 - 0.5));
                int x0 = (int) Math.floor(ex);
                double f = ex - x0;
                double expected = embedding.value(c, 10, x0) * (1 - f) + embedding.value(c, 10, Math.min(15, x0 + 1)) * f;
                assertEquals(expected, v, 1e-5);
            }
        }
    }

    @Test
    void encodeHonoursCancellation() {
        CancelToken cancel = new CancelToken();
        cancel.cancel();
        org.junit.jupiter.api.Assertions.assertThrows(CancelToken.CancelledException.class,
                () -> encoder.encode(SamReference.image("image"), Progress.NONE, cancel));
    }
}
