package org.sparsesam.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsesam.core.SparseSamException;

class ModelPackageTest {
    @TempDir
    Path temp;

    /** Zips the files of {@code folder} under {@code prefix}, plus one extra entry when {@code extraName} is set. */
    static Path zip(Path folder, Path zipFile, String prefix, String extraName) throws IOException {
        try (OutputStream out = Files.newOutputStream(zipFile); ZipOutputStream zip = new ZipOutputStream(out);
             Stream<Path> files = Files.list(folder)) {
            for (Path f : files.sorted().toList()) {
                zip.putNextEntry(new ZipEntry(prefix + f.getFileName()));
                zip.write(Files.readAllBytes(f));
                zip.closeEntry();
            }
            if (extraName != null) {
                zip.putNextEntry(new ZipEntry(extraName));
                zip.write("gotcha".getBytes());
                zip.closeEntry();
            }
        }
        return zipFile;
    }

    private static String refusal(Path path) {
        return assertThrows(SparseSamException.class, () -> ModelPackage.open(path).close()).getMessage();
    }

    @Test
    void opensTheGoodPackageFolder() {
        try (ModelPackage pkg = ModelPackage.open(TinySamFixture.packageFolder())) {
            assertEquals("tiny-sam", pkg.manifest().name());
            assertTrue(Files.isRegularFile(pkg.encoderFile()));
            assertTrue(Files.isRegularFile(pkg.decoderFile()));
            assertTrue(pkg.id().startsWith("tiny-sam@"));
        }
    }

    @Test
    void aFolderHoldingOnePackageBesideOtherFoldersOpensThatPackage() throws IOException {
        // The tiny model's folder: package/ (model.json and files) beside reference/ (Python outputs).
        Path parent = TinySamFixture.packageFolder().getParent();
        assertTrue(Files.isDirectory(parent.resolve("reference")));
        try (ModelPackage pkg = ModelPackage.open(parent)) {
            assertEquals(TinySamFixture.packageFolder().toRealPath(), pkg.folder().toRealPath());
        }
        // Two packages side by side are ambiguous: the folder itself is refused as before.
        Path two = Files.createDirectories(temp.resolve("two"));
        for (String name : new String[] {"a", "b"}) {
            Path dir = Files.createDirectories(two.resolve(name));
            Files.copy(TinySamFixture.packageFolder().resolve("model.json"), dir.resolve("model.json"));
        }
        assertTrue(refusal(two).contains("no model.json"));
    }

    @Test
    void opensAZipFlatOrWithOneFolderAndRemovesTheUnpackedCopyOnClose() throws IOException {
        for (String prefix : new String[] {"", "tiny-sam/"}) {
            Path zip = zip(TinySamFixture.packageFolder(), temp.resolve("p" + prefix.length() + ".zip"), prefix, null);
            Path unpacked;
            try (ModelPackage pkg = ModelPackage.open(zip)) {
                unpacked = pkg.folder();
                assertEquals("tiny-sam", pkg.manifest().name());
                assertTrue(Files.isRegularFile(pkg.encoderFile()));
            }
            assertFalse(Files.exists(unpacked), "temporary copy left behind");
        }
    }

    @Test
    void refusesAPackageWithAMissingFile() throws IOException {
        Path pkg = TinySamFixture.copyPackage(temp.resolve("pkg"));
        Files.delete(pkg.resolve("decoder.onnx"));
        String message = refusal(pkg);
        assertTrue(message.contains("lacks decoder.onnx"), message);
    }

    @Test
    void refusesAFileWhoseChecksumDiffers() throws IOException {
        Path pkg = TinySamFixture.copyPackage(temp.resolve("pkg"));
        byte[] bytes = Files.readAllBytes(pkg.resolve("encoder.onnx"));
        bytes[bytes.length / 2] ^= 1;
        Files.write(pkg.resolve("encoder.onnx"), bytes);
        String message = refusal(pkg);
        assertTrue(message.contains("encoder.onnx") && message.contains("SHA-256"), message);
    }

    @Test
    void refusesAZipSlipEntryAndWritesNothingOutside() throws IOException {
        Path into = Files.createDirectories(temp.resolve("a/b"));
        Path zip = zip(TinySamFixture.packageFolder(), into.resolve("evil.zip"), "", "../../escaped.txt");
        String message = refusal(zip);
        assertTrue(message.contains("../../escaped.txt") && message.contains("zip-slip"), message);
        assertFalse(Files.exists(temp.resolve("escaped.txt")));
        try (Stream<Path> all = Files.walk(temp)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().equals("escaped.txt")));
        }
    }

    @Test
    void refusesThingsThatAreNotPackages() throws IOException {
        assertTrue(refusal(temp.resolve("nowhere")).contains("no model package at"));
        Path text = Files.writeString(temp.resolve("notes.zip"), "not a zip");
        assertTrue(refusal(text).contains("not a model package"));
        Path truncated = temp.resolve("truncated.zip");
        byte[] whole = Files.readAllBytes(zip(TinySamFixture.packageFolder(), temp.resolve("whole.zip"), "", null));
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 3));
        assertTrue(refusal(truncated).contains("not a readable zip"));
        Path empty = Files.createDirectories(temp.resolve("empty"));
        assertTrue(refusal(empty).contains("no model.json"));
    }
}
