package org.sparsesam.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparsesam.core.instance.LabelImage;

class SyntheticTissueTest {
    @Test
    void sameSeedSameImageAndNucleiAreSeparateDarkObjects() {
        SyntheticTissue a = SyntheticTissue.nuclei(128, 96, 3);
        SyntheticTissue b = SyntheticTissue.nuclei(128, 96, 3);
        assertArrayEquals(a.labels().data(), b.labels().data());
        assertArrayEquals(a.image().channel(1).data(), b.image().channel(1).data());
        LabelImage labels = a.labels();
        int objects = labels.maxLabel();
        assertTrue(objects >= 10, "only " + objects + " nuclei");
        // Nuclei never touch, so 8-connected components give back exactly the labels.
        assertEquals(objects, GroundTruth.components(labels).maxLabel());
        // Nuclei are darker than stroma in green (60 vs 170, noise sd 8).
        float[] green = a.image().channel(1).data();
        for (int i = 0; i < green.length; i++) {
            assertEquals(labels.data()[i] != 0, green[i] < 115, "pixel " + i);
        }
    }
}
