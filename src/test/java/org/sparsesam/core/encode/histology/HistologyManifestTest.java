package org.sparsesam.core.encode.histology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparsesam.core.SparseSamException;

class HistologyManifestTest {
    private static final String GOOD = """
            {"name": "histology-v1", "kind": "histology-encoder", "file": "histology-encoder.onnx",
             "sha256": "408F11546F1C0C9D2FD53DE3C9298CC48695BCF32FDE2E9808AEF023A3222522",
             "input": {"name": "image", "size_multiple": 32},
             "outputs": {"embedding": {"channels": 32}, "instance": {"channels": ["nucleus", "gland"]}},
             "stride": 2, "temperature": 0.1, "receptive_field_pixels": 480}
            """;

    @Test
    void readsWhatThePipelineNeeds() {
        HistologyManifest m = HistologyManifest.parse(GOOD, "test.json");
        assertEquals(new HistologyManifest("histology-v1", "histology-encoder.onnx",
                "408f11546f1c0c9d2fd53de3c9298cc48695bcf32fde2e9808aef023a3222522", "image", 32, 32, 2, 0.1, 480), m);
    }

    @Test
    void refusesWhatItCannotRun() {
        for (String bad : new String[] {
            GOOD.replace("histology-encoder\",", "sam\","),
            GOOD.replace("\"stride\": 2", "\"stride\": 3"),
            GOOD.replace("0.1,", "-1,"),
            GOOD.replace("histology-encoder.onnx", "../x.onnx"),
            GOOD.replace("[\"nucleus\", \"gland\"]", "[\"nucleus\"]"),
            "[]"}) {
            SparseSamException e = assertThrows(SparseSamException.class, () -> HistologyManifest.parse(bad, "test.json"), bad);
            assertTrue(e.getMessage().contains("test.json") && e.getMessage().contains("tools/train"), e.getMessage());
        }
    }
}
