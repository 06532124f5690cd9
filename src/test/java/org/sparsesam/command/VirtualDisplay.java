package org.sparsesam.command;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An X display for tests that need real ImageJ 1 GUI classes: plain ImageJ 1 can make neither a GenericDialog
 * nor a ROI Manager (not even the hidden batch-mode one) in a headless JVM. Uses $DISPLAY when set, else starts
 * Xvfb on a free display number and stops it on close; skips the test when neither is available.
 */
final class VirtualDisplay implements AutoCloseable {
    private final String name;
    private final Process xvfb;

    private VirtualDisplay(String name, Process xvfb) {
        this.name = name;
        this.xvfb = xvfb;
    }

    static VirtualDisplay open() throws Exception {
        String existing = System.getenv("DISPLAY");
        if (existing != null && !existing.isBlank()) {
            return new VirtualDisplay(existing, null);
        }
        Path binary = findOnPath("Xvfb");
        Assumptions.assumeTrue(binary != null, "needs an X display: set DISPLAY or install Xvfb (apt-get install xvfb)");
        for (int n = 99; n > 70; n--) {
            if (Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                continue;
            }
            Process p = new ProcessBuilder(binary.toString(), ":" + n, "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Path socket = Path.of("/tmp/.X11-unix/X" + n);
            for (int i = 0; i < 100 && p.isAlive() && !Files.exists(socket); i++) {
                Thread.sleep(50);
            }
            if (p.isAlive() && Files.exists(socket)) {
                return new VirtualDisplay(":" + n, p);
            }
            p.destroy();
        }
        Assumptions.abort("Xvfb is installed but would not start on any display :71..:99");
        return null;
    }

    String name() {
        return name;
    }

    private static Path findOnPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public void close() throws InterruptedException {
        if (xvfb != null) {
            xvfb.destroy();
            xvfb.waitFor();
        }
    }

    /**
     * One display for a whole test class: {@code @RegisterExtension static final VirtualDisplay.ForClass DISPLAY =
     * new VirtualDisplay.ForClass();} opens it before the first test (skipping the class when none can be had)
     * and closes it after the last.
     */
    static final class ForClass implements BeforeAllCallback, AfterAllCallback {
        private VirtualDisplay display;

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            display = open();
        }

        @Override
        public void afterAll(ExtensionContext context) throws InterruptedException {
            if (display != null) {
                display.close();
            }
        }

        VirtualDisplay get() {
            return display;
        }
    }
}
