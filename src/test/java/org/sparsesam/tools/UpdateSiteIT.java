package org.sparsesam.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The update site made from the real build (target/lib and the plugin jar, as tools/make-update-site.sh passes
 * them; PyTorch's macOS natives, which the script fetches, stand in as a small jar of the same name): every file
 * the README's table lists and no other, no native outside its platform folder, and a Windows download under 80 MB.
 */
class UpdateSiteIT {
    private static final String STAMP = "20261201120000";
    private static final Pattern NATIVE_DIR = Pattern.compile("(?:^|/)((?:linux|win|osx)-(?:x64|x86_64|aarch64))/");

    @TempDir
    Path dir;

    @Test
    void theSiteHoldsWhatTheReadmeSaysLaidOutByPlatform() throws Exception {
        Path libs = Files.createDirectories(dir.resolve("libs"));
        String pytorch = null;
        try (Stream<Path> built = Files.list(Path.of("target/lib"))) {
            for (Path lib : built.toList()) {
                Files.createSymbolicLink(libs.resolve(lib.getFileName()), lib.toAbsolutePath());
                Matcher m = Pattern.compile("pytorch-native-cpu-(.*)-linux-x86_64\\.jar").matcher(lib.getFileName().toString());
                if (m.matches()) {
                    pytorch = m.group(1);
                }
            }
        }
        assertTrue(pytorch != null, "the build has PyTorch's Linux natives");
        try (JarOutputStream mac = new JarOutputStream(Files.newOutputStream(libs.resolve("pytorch-native-cpu-" + pytorch + "-osx-aarch64.jar")))) {
            mac.putNextEntry(new JarEntry("native/lib/libtorch_cpu.dylib"));
            mac.write(1);
            mac.closeEntry();
        }
        Path plugin;
        try (Stream<Path> target = Files.list(Path.of("target"))) {
            plugin = target.filter(p -> p.getFileName().toString().matches("Sparse_SAM-.*\\.jar") && !p.toString().endsWith("-sources.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no target/Sparse_SAM-*.jar: run mvn verify"));
        }
        Path site = dir.resolve("site");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "tools/MakeUpdateSite.java",
                plugin.toString(), libs.toString(), site.toString(), STAMP).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);

        List<Path> files;
        try (Stream<Path> walk = Files.walk(site)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        String version = plugin.getFileName().toString().replaceFirst("^Sparse_SAM-(.*)\\.jar$", "$1");
        TreeSet<String> paths = new TreeSet<>();
        long windows = 0;
        for (Path f : files) {
            String path = site.relativize(f).toString().replace('\\', '/').replace("-" + STAMP, "").replace("Sparse_SAM-" + version, "Sparse_SAM-<version>");
            paths.add(path);
            String[] parts = path.split("/");
            String platform = parts.length == 3 ? parts[1] : null;
            if (!path.equals("db.xml.gz") && (platform == null || platform.equals("win64"))) {
                windows += Files.size(f);
            }
            if (path.endsWith(".jar")) {
                try (JarFile jar = new JarFile(f.toFile())) {
                    for (JarEntry e : java.util.Collections.list(jar.entries())) {
                        Matcher m = NATIVE_DIR.matcher(e.getName());
                        if (m.find() && !e.isDirectory()) {
                            String expected = m.group(1).startsWith("win") ? "win64" : m.group(1).startsWith("osx") ? "macosx" : "linux64";
                            assertEquals(expected, platform, e.getName() + " in " + path + ": a native outside its platform folder");
                        }
                    }
                }
            }
        }
        assertTrue(windows < 80_000_000L, "a Windows user downloads " + windows + " bytes:\n" + output);
        assertEquals(readmeTable(), paths, output);
    }

    /** The first column of the README's table of the update site. */
    private static TreeSet<String> readmeTable() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("| file | what |");
        TreeSet<String> rows = new TreeSet<>();
        Matcher m = Pattern.compile("^\\| `([^`]+)` \\|", Pattern.MULTILINE).matcher(readme.substring(start, readme.indexOf("\n\n", start)));
        while (m.find()) {
            rows.add(m.group(1));
        }
        return rows;
    }
}
