package org.sparsesam.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ij.Macro;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The batch command's macro keys are what ImageJ derives from its dialog labels (the first word, lower-cased). */
class BatchDialogKeysTest {
    @Test
    void everyBatchLabelYieldsItsKey() {
        Map.of(OptionKeys.INPUT, OptionKeys.INPUT_LABEL, OptionKeys.POINTS_FOLDER, OptionKeys.POINTS_FOLDER_LABEL,
                        OptionKeys.OUTPUT, OptionKeys.OUTPUT_LABEL, OptionKeys.REDO, OptionKeys.REDO_LABEL)
                .forEach((key, label) -> assertEquals(key, Macro.trimKey(label), label));
    }
}
