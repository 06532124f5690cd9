package org.sparsesam.core.tune.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.model.ModelManifest;
import org.sparsesam.core.model.TinySamFixture;

/**
 * Without the natives jar (and with an empty native cache, so that natives unpacked by an earlier run do not
 * stand in), SAM tuning must fail with our message, offline, instead of a stack trace or a download attempt.
 * Runs in a child JVM: this one has the engine loaded already.
 */
class NativesMissingTest {

    /** The child's entry point: tries to open the tiny decoder and prints what happened. */
    public static void main(String[] args) {
        ModelManifest manifest = ModelManifest.read(TinySamFixture.packageFolder().resolve("model.json"));
        try (TorchScriptDecoder decoder = TorchScriptDecoder.open(
                TinySamFixture.packageFolder().resolve(manifest.decoderTorchScriptFile().orElseThrow()), manifest)) {
            System.out.println("LOADED");
        } catch (SparseSamException e) {
            System.out.println("MESSAGE " + e.getMessage());
        }
    }

    @Test
    void withoutTheNativesJarTheMessageSaysWhatToInstall(@TempDir Path emptyCache) throws Exception {
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = Arrays.asList(full.split(File.pathSeparator));
        assertTrue(entries.stream().anyMatch(e -> e.contains("pytorch-native-cpu")), "the test class path lists the natives jar");
        String withoutNatives = entries.stream().filter(e -> !e.contains("pytorch-native-cpu"))
                .collect(Collectors.joining(File.pathSeparator));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", withoutNatives,
                "-DENGINE_CACHE_DIR=" + emptyCache, "-DDJL_CACHE_DIR=" + emptyCache, NativesMissingTest.class.getName());
        builder.environment().remove("ENGINE_CACHE_DIR");
        builder.environment().remove("DJL_CACHE_DIR");
        builder.environment().remove("PYTORCH_LIBRARY_PATH");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the child JVM finished");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("MESSAGE SAM tuning needs DJL's PyTorch engine"), output);
        assertTrue(output.contains("pytorch-native-cpu") && output.contains("tune = head"), output);
    }
}
