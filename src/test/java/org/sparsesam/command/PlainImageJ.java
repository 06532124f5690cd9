package org.sparsesam.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A plain ImageJ 1 folder as the README tells a user to make one: ij.jar (1.54, from target/lib) and plugins/,
 * filled by {@code tools/install-into-imagej.sh} from the built jar and target/lib. Macros run as the README
 * runs them: {@code java -jar ij.jar -ijpath FOLDER -batch FILE ARGUMENT}, on a (virtual) display, with the
 * user's home in a temporary folder so that ImageJ's preferences stay there.
 */
final class PlainImageJ {
    private final Path home;
    private final Path work;
    private final VirtualDisplay display;

    private PlainImageJ(Path home, Path work, VirtualDisplay display) {
        this.home = home;
        this.work = work;
        this.display = display;
    }

    /** Installs into {@code work/ImageJ}; needs {@code mvn verify}'s package phase to have run. */
    static PlainImageJ install(Path work, VirtualDisplay display) throws Exception {
        Path home = Files.createDirectories(work.resolve("ImageJ/plugins")).getParent();
        try (Stream<Path> libs = Files.list(Path.of("target/lib"))) {
            Path ij = libs.filter(p -> p.getFileName().toString().matches("ij-1\\.54.*\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no ImageJ 1.54 jar in target/lib: run mvn verify"));
            Files.copy(ij, home.resolve("ij.jar"));
        }
        Path log = work.resolve("install.log");
        Process p = new ProcessBuilder("bash", "tools/install-into-imagej.sh", home.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertEquals(0, p.waitFor(), Files.readString(log));
        return new PlainImageJ(home, work, display);
    }

    Path home() {
        return home;
    }

    /**
     * Runs {@code macro} with {@code -batch} (unattended: no windows) or, with {@code gui}, {@code -macro}: the
     * ImageJ window and image windows as a user sees them; such a macro ends with run("Quit"). Returns the output.
     */
    String run(String macro, String argument, boolean gui) throws Exception {
        Path file = work.resolve("macro-" + System.nanoTime() + ".ijm");
        Files.writeString(file, macro);
        Path log = work.resolve(file.getFileName() + ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-Djava.awt.headless=false", "-Duser.home=" + Files.createDirectories(work.resolve("home")),
                "-jar", home.resolve("ij.jar").toString(), "-ijpath", home.toString(), gui ? "-macro" : "-batch", file.toString(), argument);
        pb.environment().put("DISPLAY", display.name());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("ImageJ did not finish in 300 s:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        assertEquals(0, p.exitValue(), output);
        return output;
    }
}
