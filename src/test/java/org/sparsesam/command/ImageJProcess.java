package org.sparsesam.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * A real ImageJ 1 in its own JVM running {@code ImageJ -batch macro.ijm argument} on a (virtual) display, with this
 * project's plugins.config in a jar of its plugins folder so that ImageJ finds the commands as it would in Fiji.
 */
final class ImageJProcess {
    private final Path home;
    private final VirtualDisplay display;

    ImageJProcess(Path home, VirtualDisplay display) throws IOException {
        this.home = home;
        this.display = display;
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(plugins.resolve("Sparse_SAM_test.jar")))) {
            jar.putNextEntry(new JarEntry("plugins.config"));
            jar.write(Files.readAllBytes(Path.of("plugins.config")));
            jar.closeEntry();
        }
    }

    /** Starts the macro; the caller waits for or kills the process. Output goes to {@code log}. */
    Process start(Path macro, String argument, Path log) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=false", "-Dplugins.dir=" + home, "-cp", classpath, "ij.ImageJ", "-batch", macro.toString(), argument));
        pb.environment().put("DISPLAY", display.name());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    /** Runs the macro to its end and returns its output; fails when it takes longer than {@code seconds}. */
    String run(Path macro, String argument, Path log, int seconds) throws Exception {
        Process p = start(macro, argument, log);
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("ImageJ did not finish the macro in " + seconds + " s:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        if (p.exitValue() != 0) {
            throw new AssertionError("ImageJ exited with " + p.exitValue() + ":\n" + output);
        }
        return output;
    }
}
