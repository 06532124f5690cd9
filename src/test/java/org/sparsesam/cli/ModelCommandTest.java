package org.sparsesam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsesam.core.model.TinySamFixture;

/** {@code model install} and {@code model list} through the real CLI, on the tiny SAM package. */
class ModelCommandTest {
    @TempDir
    Path temp;

    record Run(int exitCode, String out, String err) {}

    static Run cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = SparseSamCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private String models() {
        return temp.resolve("models").toString();
    }

    @Test
    void installsAFolderAndAZipAndListsThem() throws IOException {
        Run empty = cli("model", "list", "--models", models());
        assertEquals(0, empty.exitCode(), empty.err());
        assertTrue(empty.out().contains("(none;"), empty.out());
        // the shipped encoder is listed with the weights it was checked against and the licence it inherits
        String sha = org.sparsesam.core.encode.histology.HistologyEncoder.shippedManifest().sha256().substring(0, 12);
        assertTrue(empty.out().contains("builtin") && empty.out().contains("histology-v1") && empty.out().contains(sha)
                && empty.out().contains("non-commercial"), empty.out());

        Run install = cli("model", "install", TinySamFixture.packageFolder().toString(), "--models", models());
        assertEquals(0, install.exitCode(), install.err());
        assertTrue(install.out().contains("installed tiny-sam (sam, input 128 px, embedding 32x16x16)"), install.out());

        Run again = cli("model", "install", TinySamFixture.packageFolder().toString(), "--models", models());
        assertEquals(1, again.exitCode());
        assertTrue(again.err().startsWith("error: ") && again.err().contains("already installed") && again.err().contains("--force"), again.err());

        Path zip = TinySamFixture.zipPackage(temp.resolve("tiny.zip"));
        Run replace = cli("model", "install", zip.toString(), "--force", "--models", models());
        assertEquals(0, replace.exitCode(), replace.err());

        Run list = cli("model", "list", "--models", models());
        assertEquals(0, list.exitCode(), list.err());
        assertTrue(list.out().matches("(?s).*tiny-sam\\s+sam\\s+128\\s+ok\\R.*"), list.out());
    }

    @Test
    void listSaysWhenAnInstalledFileChanged() throws IOException {
        assertEquals(0, cli("model", "install", TinySamFixture.packageFolder().toString(), "--models", models()).exitCode());
        Path encoder = temp.resolve("models/tiny-sam/encoder.onnx");
        byte[] bytes = Files.readAllBytes(encoder);
        bytes[bytes.length / 2] ^= 1;
        Files.write(encoder, bytes);
        Run list = cli("model", "list", "--models", models());
        assertEquals(0, list.exitCode(), list.err());
        assertTrue(list.out().contains("FAILED") && list.out().contains("encoder.onnx"), list.out());
    }

    @Test
    void refusesBadPackagesWithAReason() throws IOException {
        Path damaged = TinySamFixture.copyPackage(temp.resolve("damaged"));
        Files.writeString(damaged.resolve("decoder.onnx"), "not a model");
        Run checksum = cli("model", "install", damaged.toString(), "--models", models());
        assertEquals(1, checksum.exitCode());
        assertTrue(checksum.err().contains("decoder.onnx") && checksum.err().contains("SHA-256"), checksum.err());

        Path other = TinySamFixture.copyPackage(temp.resolve("other"));
        JsonObject manifest = TinySamFixture.readJson(other.resolve("model.json"));
        manifest.addProperty("family", "cellpose");
        TinySamFixture.writeJson(other.resolve("model.json"), manifest);
        Run family = cli("model", "install", other.toString(), "--models", models());
        assertEquals(1, family.exitCode());
        assertTrue(family.err().contains("'cellpose'"), family.err());

        Path notZip = Files.writeString(temp.resolve("model.zip"), "hello");
        Run junk = cli("model", "install", notZip.toString(), "--models", models());
        assertEquals(1, junk.exitCode());
        assertTrue(junk.err().contains("is not a model package"), junk.err());

        Run list = cli("model", "list", "--models", models());
        assertTrue(list.out().contains("(none;"), "nothing half-installed: " + list.out());
        assertFalse(junk.err().contains("\tat "), "no stack trace without --debug");
    }
}
