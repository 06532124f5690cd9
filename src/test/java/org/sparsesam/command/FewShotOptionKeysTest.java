package org.sparsesam.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.Macro;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The few-shot dialogs' labels give the macro keys the README and the macro test use. */
class FewShotOptionKeysTest {
    @Test
    void everyFewShotLabelYieldsItsKeyAsImageJDerivesIt() {
        Map<String, String> labels = Map.of(OptionKeys.DATASET, OptionKeys.DATASET_LABEL, OptionKeys.SHOTS, OptionKeys.SHOTS_LABEL,
                OptionKeys.HEAD, OptionKeys.HEAD_LABEL, OptionKeys.MODEL, OptionKeys.MODEL_LABEL);
        labels.forEach((key, label) -> {
            assertEquals(key, Macro.trimKey(label), "macro key of the label '" + label + "'");
            assertTrue(key.matches("[a-z]+(_[a-z]+)*"), "snake_case: " + key);
        });
    }
}
