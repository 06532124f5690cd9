package org.sparsesam.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.Macro;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.sparsesam.core.SegmentOptions;

/** The keys a recorded macro, a script and the CLI use must be the same words, and defaults must have one source. */
class OptionKeysTest {

    @Test
    void everyDialogLabelYieldsItsKeyAsImageJDerivesIt() {
        Map<String, String> labels = Map.ofEntries(
                Map.entry(OptionKeys.POINTS, OptionKeys.POINTS_LABEL), Map.entry(OptionKeys.ENCODER, OptionKeys.ENCODER_LABEL),
                Map.entry(OptionKeys.MIN_AREA, OptionKeys.MIN_AREA_LABEL), Map.entry(OptionKeys.NO_SPLIT, OptionKeys.NO_SPLIT_LABEL),
                Map.entry(OptionKeys.TUNE, OptionKeys.TUNE_LABEL), Map.entry(OptionKeys.TUNE_ITERATIONS, OptionKeys.TUNE_ITERATIONS_LABEL),
                Map.entry(OptionKeys.SEED, OptionKeys.SEED_LABEL), Map.entry(OptionKeys.NO_ROIS, OptionKeys.NO_ROIS_LABEL),
                Map.entry(OptionKeys.NO_LABEL_IMAGE, OptionKeys.NO_LABEL_IMAGE_LABEL), Map.entry(OptionKeys.MASK, OptionKeys.MASK_LABEL),
                Map.entry(OptionKeys.NO_OVERLAY, OptionKeys.NO_OVERLAY_LABEL), Map.entry(OptionKeys.NO_RESULTS, OptionKeys.NO_RESULTS_LABEL),
                Map.entry(OptionKeys.SIMILARITY_MAP, OptionKeys.SIMILARITY_MAP_LABEL),
                Map.entry(OptionKeys.DEVICE, OptionKeys.DEVICE_LABEL), Map.entry(OptionKeys.PACKAGE, OptionKeys.PACKAGE_LABEL),
                Map.entry(OptionKeys.REPLACE, OptionKeys.REPLACE_LABEL),
                Map.entry(OptionKeys.MODE, OptionKeys.MODE_LABEL),
                Map.entry(OptionKeys.SCALE, OptionKeys.SCALE_LABEL),
                Map.entry(OptionKeys.TILE_SIZE, OptionKeys.TILE_SIZE_LABEL), Map.entry(OptionKeys.CACHE_DIR, OptionKeys.CACHE_DIR_LABEL));
        labels.forEach((key, label) -> {
            assertEquals(key, Macro.trimKey(label), "macro key of the label '" + label + "'");
            assertTrue(key.matches("[a-z]+(_[a-z]+)*"), "snake_case: " + key);
        });
    }

    @Test
    void sciJavaInputsAreNamedByTheSameKeys() throws Exception {
        Set<String> inputs = new TreeSet<>();
        for (Field f : SparseSamCommand.class.getDeclaredFields()) {
            Parameter p = f.getAnnotation(Parameter.class);
            if (p != null && p.type() == ItemIO.INPUT && !f.getType().getName().startsWith("org.scijava")) {
                inputs.add(f.getName());
            }
        }
        Set<String> expected = new TreeSet<>(Set.of("input", OptionKeys.POINTS, OptionKeys.ENCODER, OptionKeys.MIN_AREA,
                OptionKeys.NO_SPLIT, OptionKeys.TUNE, OptionKeys.TUNE_ITERATIONS, OptionKeys.SEED, OptionKeys.DEVICE,
                OptionKeys.MODE, OptionKeys.SCALE, OptionKeys.TILE_SIZE, OptionKeys.CACHE_DIR));
        assertEquals(expected, inputs);
    }

    @Test
    void sciJavaDefaultsAreTheCoreDefaults() throws Exception {
        SparseSamCommand command = new SparseSamCommand();
        SegmentOptions d = SegmentOptions.defaults();
        assertEquals(d.encoder(), field(command, OptionKeys.ENCODER));
        assertEquals(d.minArea(), field(command, OptionKeys.MIN_AREA));
        assertEquals(!d.splitTouching(), field(command, OptionKeys.NO_SPLIT));
        assertEquals(d.tune(), field(command, OptionKeys.TUNE));
        assertEquals(d.tuneIterations(), field(command, OptionKeys.TUNE_ITERATIONS));
        assertEquals(d.seed(), field(command, OptionKeys.SEED));
        assertEquals(d.device(), field(command, OptionKeys.DEVICE));
        assertEquals(d.mode(), field(command, OptionKeys.MODE));
        assertEquals(d.scale(), field(command, OptionKeys.SCALE));
        assertEquals(d.tileSize(), field(command, OptionKeys.TILE_SIZE));
        assertEquals("", d.cacheDir());
        assertEquals(null, field(command, OptionKeys.CACHE_DIR), "no folder given = no disk cache, as the core's empty default");
    }

    @Test
    void oldOutputKeysAreFoundAsWordsNotInsidePathsOrNoKeys() {
        assertEquals(Set.of(), OutputFields.oldOutputKeys(null));
        assertEquals(Set.of(), OutputFields.oldOutputKeys("points=[/data/results overlay/p.csv] no_label_image no_results"));
        assertEquals(Set.of("add_to_manager", "results"), OutputFields.oldOutputKeys("points=[/a.csv] encoder=builtin split add_to_manager results"));
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        Field f = target.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
    }
}
