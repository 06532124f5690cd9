package org.sparsesam.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.fewshot.FewShotKind;

/** The README's table of macro keys lists exactly the keys the dialogs have, with the defaults the core has. */
class MacroKeysReadmeTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)` \\| [^|]+ \\| ([^|]+) \\| [^|]+ \\|$", Pattern.MULTILINE);

    @Test
    void theTableListsEveryDialogKeyOnce() throws Exception {
        Map<String, String> table = readmeTable();
        assertEquals(new TreeMap<>(dialogKeys()).keySet(), table.keySet());
    }

    @Test
    void theTableGivesTheCoreDefaults() throws Exception {
        Map<String, String> table = readmeTable();
        SegmentOptions d = SegmentOptions.defaults();
        assertEquals("`" + d.encoder() + "`", table.get(OptionKeys.ENCODER));
        assertEquals("`" + d.device() + "`", table.get(OptionKeys.DEVICE));
        assertEquals("`" + d.minArea() + "`", table.get(OptionKeys.MIN_AREA));
        assertEquals(d.splitTouching() ? "off" : "on", table.get(OptionKeys.NO_SPLIT));
        assertEquals("`" + d.tune() + "`", table.get(OptionKeys.TUNE));
        assertEquals("`" + d.tuneIterations() + "`", table.get(OptionKeys.TUNE_ITERATIONS));
        assertEquals("`" + d.seed() + "`", table.get(OptionKeys.SEED));
        assertEquals("`" + d.mode() + "`", table.get(OptionKeys.MODE));
        assertEquals(d.scale(), Double.parseDouble(table.get(OptionKeys.SCALE).replace("`", "")));
        assertEquals("`" + d.tileSize() + "`", table.get(OptionKeys.TILE_SIZE));
        assertEquals("`" + FewShotKind.DEFAULT_KEY + "`", table.get(OptionKeys.HEAD));
        for (String off : new String[] {OptionKeys.NO_ROIS, OptionKeys.NO_LABEL_IMAGE, OptionKeys.NO_OVERLAY, OptionKeys.NO_RESULTS,
                OptionKeys.MASK, OptionKeys.SIMILARITY_MAP, OptionKeys.REDO, OptionKeys.REPLACE}) {
            assertEquals("off", table.get(off), "a checkbox is off unless named: " + off);
        }
    }

    /** key -> default column of the README's table. */
    private static Map<String, String> readmeTable() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("#### Macro keys");
        String section = readme.substring(start, readme.indexOf("\n\n", readme.indexOf("|---", start)));
        Map<String, String> rows = new TreeMap<>();
        Matcher m = ROW.matcher(section);
        while (m.find()) {
            assertEquals(null, rows.put(m.group(1), m.group(2).strip()), "listed twice: " + m.group(1));
        }
        return rows;
    }

    /** Every key constant of {@link OptionKeys} that has a dialog label ({@code X} with {@code X_LABEL}). */
    private static Map<String, String> dialogKeys() throws Exception {
        Map<String, String> keys = new TreeMap<>();
        for (Field f : OptionKeys.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().endsWith("_LABEL")) {
                try {
                    OptionKeys.class.getField(f.getName() + "_LABEL");
                    keys.put((String) f.get(null), f.getName());
                } catch (NoSuchFieldException notAKey) {
                    // a value or a help text, not a key
                }
            }
        }
        return keys;
    }
}
