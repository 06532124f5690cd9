package org.sparsesam.core.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.sparsesam.core.SparseSamException;

class TuneOptionsTest {

    @Test
    void builderRoundTrips() {
        TuneOptions options = TuneOptions.builder().head(HeadKind.CONV).iterations(7).learningRate(0.2).seed(5)
                .patience(3).batchCells(100).evaluationCells(0).hiddenUnits(4).convLayers(3)
                .pseudoLabel(new PseudoLabelSettings(0.1, 0.3, 1, 2)).build();
        assertEquals(options, options.toBuilder().build());
    }

    @Test
    void learningRateDefaultsToTheHeadKindsOwnUnlessSet() {
        assertEquals(0.12, TuneOptions.builder().head(HeadKind.LINEAR).build().learningRate());
        assertEquals(0.01, TuneOptions.builder().head(HeadKind.CONV).build().learningRate());
        assertEquals(0.5, TuneOptions.builder().learningRate(0.5).head(HeadKind.CONV).build().learningRate());
    }

    @Test
    void badValuesAreRefusedWithAMessageThatSaysWhatToUse() {
        SparseSamException e = assertThrows(SparseSamException.class, () -> TuneOptions.builder().iterations(0).build());
        assertEquals("iterations is 0: use 1 or more (or turn tuning off).", e.getMessage());
        assertThrows(SparseSamException.class, () -> TuneOptions.builder().learningRate(0).build());
        assertThrows(SparseSamException.class, () -> TuneOptions.builder().learningRate(Double.NaN).build());
        assertThrows(SparseSamException.class, () -> TuneOptions.builder().convLayers(4).build());
        assertThrows(SparseSamException.class, () -> TuneOptions.builder().patience(-1).build());
    }

    @Test
    void headKindsParseAsUsersTypeThem() {
        assertEquals(HeadKind.LINEAR, HeadKind.parse(" Linear "));
        assertEquals(HeadKind.CONV, HeadKind.parse("conv"));
        assertEquals("conv", HeadKind.CONV.key());
        SparseSamException e = assertThrows(SparseSamException.class, () -> HeadKind.parse("sam"));
        assertEquals("head is 'sam': use linear or conv.", e.getMessage());
    }
}
