package org.sparsesam.core.tune.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.SparseSamException;

/** The message a missing PyTorch gives names the jar for this computer and where it goes. */
class PyTorchEngineTest {
    @Test
    void namesTheNativesJarOfEachPlatformAsMavenCentralDoes() {
        assertEquals("win-x86_64", PyTorchEngine.nativesClassifier("Windows 11", "amd64"));
        assertEquals("osx-aarch64", PyTorchEngine.nativesClassifier("Mac OS X", "aarch64"));
        assertEquals("linux-x86_64", PyTorchEngine.nativesClassifier("Linux", "amd64"));
        assertEquals("win64", PyTorchEngine.fijiPlatform("win-x86_64"));
        assertEquals("macosx", PyTorchEngine.fijiPlatform("osx-aarch64"));
        assertEquals("linux64", PyTorchEngine.fijiPlatform("linux-x86_64"));
    }

    @Test
    void theVersionNamedIsTheBuildsAndTheMessageSaysWhatToDo() throws Exception {
        assertTrue(Files.readString(Path.of("pom.xml")).contains("<pytorch.version>" + PyTorchEngine.PYTORCH_VERSION + "</pytorch.version>"));
        SparseSamException e = PyTorchEngine.missing(new UnsatisfiedLinkError("no torch_cpu"));
        assertTrue(e.getMessage().contains("pytorch-native-cpu-" + PyTorchEngine.PYTORCH_VERSION + "-"), e.getMessage());
        assertTrue(e.getMessage().contains("tune = head"), e.getMessage());
    }
}
