package org.sparsesam.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparsesam.core.instance.LabelImage;

class GroundTruthTest {
    @Test
    void binaryMasksSplitIntoEightConnectedComponents() {
        // The two 9s touch only at a corner: 8-connected, one object. The 9 at the right is separate.
        LabelImage mask = Labels.of(
                "9009",
                "0909",
                "0000");
        LabelImage objects = GroundTruth.objects(mask, GtKind.BINARY);
        assertArrayEquals(new int[] {1, 0, 0, 2, 0, 1, 0, 2, 0, 0, 0, 0}, objects.data());
    }

    @Test
    void instanceMasksAreTheirOwnObjects() {
        LabelImage mask = Labels.of("12");
        assertSame(mask, GroundTruth.objects(mask, GtKind.INSTANCE));
    }

    @Test
    void severalObjectValuesMeanInstanceLabels() {
        assertTrue(GroundTruth.hasSeveralObjectValues(Labels.of("1002")));
        assertFalse(GroundTruth.hasSeveralObjectValues(Labels.of("9009")));
        assertFalse(GroundTruth.hasSeveralObjectValues(Labels.of("0000")));
        assertTrue(GroundTruth.isEmpty(Labels.of("0000")));
    }
}
