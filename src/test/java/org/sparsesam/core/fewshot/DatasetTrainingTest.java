package org.sparsesam.core.fewshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.SparseSamException;

class DatasetTrainingTest {
    private static final List<String> ITEMS = List.of("a", "b", "c", "d", "e", "f", "g", "h");

    @Test
    void drawsKDistinctItemsInTheItemsOrderRepeatablyPerSeed() {
        List<String> draw = DatasetTraining.draw(ITEMS, 4, 7);
        assertEquals(4, new HashSet<>(draw).size());
        assertEquals(draw.stream().sorted().toList(), draw);
        assertEquals(draw, DatasetTraining.draw(ITEMS, 4, 7));
        // Over a few seeds the draws differ (8 choose 4 = 70 possible draws).
        assertNotEquals(new HashSet<>(List.of(draw)), new HashSet<>(List.of(DatasetTraining.draw(ITEMS, 4, 8),
                DatasetTraining.draw(ITEMS, 4, 9), DatasetTraining.draw(ITEMS, 4, 10))));
        assertEquals(ITEMS, DatasetTraining.draw(ITEMS, 8, 3));
    }

    @Test
    void tooManyShotsIsAMessage() {
        SparseSamException e = assertThrows(SparseSamException.class, () -> DatasetTraining.draw(ITEMS, 9, 1));
        assertTrue(e.getMessage().contains("at most 8"), e.getMessage());
        assertThrows(SparseSamException.class, () -> DatasetTraining.draw(ITEMS, 0, 1));
    }
}
