package org.sparsesam.core.encode.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.model.ModelPackage;
import org.sparsesam.core.model.TinySamFixture;
import org.sparsesam.core.prompt.Point;

class SamDecoderTest {
    private static SamEncoder encoder;
    private static SamDecoder decoder;
    private static SamEmbedding embedding;

    @BeforeAll
    static void open() {
        try (ModelPackage pkg = ModelPackage.open(TinySamFixture.packageFolder())) {
            encoder = new SamEncoder(pkg, Device.CPU, Progress.NONE);
            decoder = new SamDecoder(pkg, Device.CPU, Progress.NONE);
        }
        embedding = encoder.embed(SamReference.image("image"), Progress.NONE, CancelToken.none());
    }

    @AfterAll
    static void close() {
        decoder.close();
        encoder.close();
    }

    private static float[] lowResOf(SamPrediction p) {
        int n = p.maskCount(), side = p.lowResLogits(0).width();
        float[] all = new float[n * side * side];
        for (int i = 0; i < n; i++) {
            System.arraycopy(p.lowResLogits(i).data(), 0, all, i * side * side, side * side);
        }
        return all;
    }

    private static float[] scoresOf(SamPrediction p) {
        float[] s = new float[p.maskCount()];
        for (int i = 0; i < s.length; i++) {
            s[i] = p.score(i);
        }
        return s;
    }

    @Test
    void pointPromptMatchesThePythonReference() {
        SamPrediction p = decoder.predict(embedding, SamReference.points());
        assertEquals(4, p.maskCount());
        assertEquals(0f, SamReference.maxAbsDiff(TinySamFixture.floats("points_low_res_masks"), lowResOf(p)), 1e-4);
        assertEquals(0f, SamReference.maxAbsDiff(TinySamFixture.floats("points_iou"), scoresOf(p)), 1e-4);
    }

    @Test
    void masksAtImageResolutionMatchSamsPostprocessing() {
        SamPrediction p = decoder.predict(embedding, SamReference.points());
        for (int i = 0; i < 4; i++) {
            FloatPlane ours = p.maskLogits(i);
            FloatPlane python = SamReference.plane("points_masks", i);
            assertEquals(150, ours.width());
            assertEquals(100, ours.height());
            assertEquals(0f, SamReference.maxAbsDiff(python.data(), ours.data()), 1e-4, "mask " + i);
            boolean[] mask = p.mask(i);
            for (int j = 0; j < mask.length; j += 97) {
                assertEquals(python.data()[j] > 0, mask[j]);
            }
        }
    }

    @Test
    void maskInputPromptMatchesThePythonReference() {
        SamPrediction first = decoder.predict(embedding, SamReference.points());
        SamPrediction refined = decoder.predict(embedding, SamPrompt.of(SamReference.points()).withMaskInput(first.lowResLogits(0)));
        assertEquals(0f, SamReference.maxAbsDiff(TinySamFixture.floats("points_and_mask_low_res_masks"), lowResOf(refined)), 1e-4);
        assertEquals(0f, SamReference.maxAbsDiff(TinySamFixture.floats("points_and_mask_iou"), scoresOf(refined)), 1e-4);
    }

    @Test
    void bestIndexFollowsSamsSingleMaskRule() {
        SamPrediction threeClicks = decoder.predict(embedding, SamReference.points());
        assertEquals(0, threeClicks.bestIndex());
        SamPrediction oneClick = decoder.predict(embedding, List.of(Point.fg(50, 40)));
        int best = oneClick.bestIndex();
        assertTrue(best >= 1 && best <= 3);
        for (int i = 1; i <= 3; i++) {
            assertTrue(oneClick.score(best) >= oneClick.score(i));
        }
        SamPrediction box = decoder.predict(embedding, SamPrompt.box(30, 20, 80, 60));
        assertTrue(box.bestIndex() >= 1);
        assertEquals(0, decoder.predict(embedding, SamPrompt.of(List.of(Point.fg(50, 40))).withBox(30, 20, 80, 60)).bestIndex());
    }
}
