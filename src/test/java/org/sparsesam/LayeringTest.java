package org.sparsesam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core is the method in plain Java: it must not depend on ImageJ, AWT, Swing or SciJava (STYLE.md); the layers
 * above it point one way.
 */
class LayeringTest {
    private static final Pattern COMMAND_LINE = Pattern.compile("^import\\s+(static\\s+)?org\\.sparsesam\\.cli\\.", Pattern.MULTILINE);
    private static final Pattern FORBIDDEN = Pattern.compile("^import\\s+(static\\s+)?(ij\\.|java\\.awt|javax\\.swing|org\\.scijava|org\\.sparsesam\\.(ij|command|cli)\\.)", Pattern.MULTILINE);

    private static final Pattern BATCH = Pattern.compile("^import\\s+(static\\s+)?org\\.sparsesam\\.batch\\.", Pattern.MULTILINE);
    /** Any ImageJ import but ImagePlus, Roi and ResultsTable; AWT, Swing, SciJava; the Fiji commands and the command line. */
    private static final Pattern BATCH_FORBIDDEN = Pattern.compile("^import\\s+(static\\s+)?(ij\\.(?!ImagePlus;|gui\\.Roi;|measure\\.ResultsTable;)"
            + "|java\\.awt|javax\\.swing|org\\.scijava|org\\.sparsesam\\.(command|cli)\\.)", Pattern.MULTILINE);

    @Test
    void coreImportsNoUserInterfaceOrImageJ() throws IOException {
        assertEquals(List.of(), offenders("core", FORBIDDEN));
    }

    /** Dependencies point one way: the Fiji side (ij, command) and the command line share the core, not each other. */
    @Test
    void theFijiSideDoesNotDependOnTheCommandLine() throws IOException {
        assertEquals(List.of(), offenders("ij", COMMAND_LINE));
        assertEquals(List.of(), offenders("command", COMMAND_LINE));
    }

    /**
     * The folder batch is headless and shared by the Fiji command and the command line: no user interface, no
     * front end, and of ImageJ only its data types (files are read through org.sparsesam.ij, not ImageJ's Opener).
     */
    @Test
    void theBatchIsHeadlessAndUsesImageJOnlyForItsDataTypes() throws IOException {
        assertEquals(List.of(), offenders("batch", BATCH_FORBIDDEN));
        assertEquals(List.of(), offenders("core", BATCH));
        assertEquals(List.of(), offenders("ij", BATCH));
    }

    private static List<String> offenders(String layer, Pattern forbidden) throws IOException {
        Path core = Path.of("src/main/java/org/sparsesam", layer);
        assertTrue(Files.isDirectory(core), "run from the project root");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(core)) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return forbidden.matcher(Files.readString(p)).find();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }).map(Path::toString).collect(Collectors.toList());
        }
        return offenders;
    }
}
