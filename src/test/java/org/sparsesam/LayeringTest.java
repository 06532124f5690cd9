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

/** The core is the method in plain Java: it must not depend on ImageJ, AWT, Swing or SciJava (STYLE.md). */
class LayeringTest {
    private static final Pattern COMMAND_LINE = Pattern.compile("^import\\s+(static\\s+)?org\\.sparsesam\\.cli\\.", Pattern.MULTILINE);
    private static final Pattern FORBIDDEN = Pattern.compile("^import\\s+(static\\s+)?(ij\\.|java\\.awt|javax\\.swing|org\\.scijava|org\\.sparsesam\\.(ij|command|cli)\\.)", Pattern.MULTILINE);

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
