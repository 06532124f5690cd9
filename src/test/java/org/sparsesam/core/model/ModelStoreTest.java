package org.sparsesam.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsesam.core.SparseSamException;

class ModelStoreTest {
    @TempDir
    Path temp;

    private ModelStore store() {
        return new ModelStore(temp.resolve("models"));
    }

    @Test
    void installsListsAndOpensByName() {
        ModelStore store = store();
        ModelStore.Entry entry = store.install(TinySamFixture.packageFolder(), false);
        assertEquals("tiny-sam", entry.name());
        assertEquals(store.root().resolve("tiny-sam"), entry.folder());
        List<ModelStore.Entry> list = store.list();
        assertEquals(1, list.size());
        assertTrue(list.get(0).isUsable());
        assertEquals("sam", list.get(0).manifest().family());
        try (ModelPackage pkg = store.open("tiny-sam")) {
            assertEquals(entry.folder(), pkg.folder());
        }
        try (ModelPackage byName = store.resolve("tiny-sam");
             ModelPackage byPath = store.resolve(TinySamFixture.packageFolder().toString())) {
            assertEquals(byName.manifest().name(), byPath.manifest().name());
        }
    }

    @Test
    void installsFromAZip() throws IOException {
        Path zip = ModelPackageTest.zip(TinySamFixture.packageFolder(), temp.resolve("tiny.zip"), "tiny-sam/", null);
        ModelStore store = store();
        store.install(zip, false);
        assertTrue(store.isInstalled("tiny-sam"));
        assertNoLeftovers(store);
    }

    @Test
    void installsTheFolderThatEncoderAcceptsAPackageOneLevelDown() {
        // src/test/resources/tiny-sam holds package/ beside reference/: --encoder takes it, so install must too
        ModelStore store = store();
        ModelStore.Entry entry = store.install(TinySamFixture.root(), false);
        assertEquals("tiny-sam", entry.name());
        assertTrue(store.list().get(0).isUsable());
        assertNoLeftovers(store);
    }

    @Test
    void refusesASecondInstallUnlessReplacing() {
        ModelStore store = store();
        store.install(TinySamFixture.packageFolder(), false);
        SparseSamException e = assertThrows(SparseSamException.class, () -> store.install(TinySamFixture.packageFolder(), false));
        assertTrue(e.getMessage().contains("already installed"), e.getMessage());
        store.install(TinySamFixture.packageFolder(), true);
        assertEquals(1, store.list().size());
        assertNoLeftovers(store);
    }

    @Test
    void refusesToInstallADamagedPackageAndLeavesNothing() throws IOException {
        Path pkg = TinySamFixture.copyPackage(temp.resolve("pkg"));
        Files.write(pkg.resolve("decoder.onnx"), new byte[] {1, 2, 3});
        ModelStore store = store();
        SparseSamException e = assertThrows(SparseSamException.class, () -> store.install(pkg, false));
        assertTrue(e.getMessage().contains("decoder.onnx") && e.getMessage().contains("SHA-256"), e.getMessage());
        assertTrue(store.list().isEmpty());
        assertNoLeftovers(store);
    }

    @Test
    void refusesToInstallAZipSlipZip() throws IOException {
        Path zip = ModelPackageTest.zip(TinySamFixture.packageFolder(), temp.resolve("evil.zip"), "", "../../../outside.txt");
        ModelStore store = store();
        SparseSamException e = assertThrows(SparseSamException.class, () -> store.install(zip, false));
        assertTrue(e.getMessage().contains("zip-slip"), e.getMessage());
        assertFalse(store.isInstalled("tiny-sam"));
        try (Stream<Path> all = Files.walk(temp)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().equals("outside.txt")));
        }
    }

    @Test
    void detectsAFileChangedAfterInstallation() throws IOException {
        ModelStore store = store();
        Path folder = store.install(TinySamFixture.packageFolder(), false).folder();
        Path encoder = folder.resolve("encoder.onnx");
        byte[] bytes = Files.readAllBytes(encoder);
        bytes[100] ^= 1; // same size: only the modification time gives the change away
        Files.write(encoder, bytes);
        Files.setLastModifiedTime(encoder, FileTime.fromMillis(Files.getLastModifiedTime(encoder).toMillis() + 2000));
        SparseSamException e = assertThrows(SparseSamException.class, () -> store.open("tiny-sam"));
        assertTrue(e.getMessage().contains("encoder.onnx") && e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test
    void trustsAnUnchangedInstalledFileWithoutRehashing() throws IOException {
        ModelStore store = store();
        Path folder = store.install(TinySamFixture.packageFolder(), false).folder();
        Path encoder = folder.resolve("encoder.onnx");
        FileTime time = Files.getLastModifiedTime(encoder);
        byte[] bytes = Files.readAllBytes(encoder);
        bytes[100] ^= 1;
        Files.write(encoder, bytes);
        Files.setLastModifiedTime(encoder, time);
        // Same size and time as when verified: the stamp vouches for it, which is what spares re-hashing big files.
        try (ModelPackage pkg = store.open("tiny-sam")) {
            assertEquals("tiny-sam", pkg.manifest().name());
        }
        // A folder opened directly (no stamp trusted for copies elsewhere) is always hashed.
        Path copy = TinySamFixture.copyPackage(temp.resolve("copy"));
        Files.write(copy.resolve("encoder.onnx"), bytes);
        assertThrows(SparseSamException.class, () -> ModelPackage.open(copy));
    }

    @Test
    void namesAnUnknownModelAndWhereItLooked() {
        ModelStore store = store();
        SparseSamException e = assertThrows(SparseSamException.class, () -> store.resolve("vit-h"));
        assertTrue(e.getMessage().contains("'vit-h'") && e.getMessage().contains("model list"), e.getMessage());
        assertFalse(store.isInstalled("../models"));
    }

    private static void assertNoLeftovers(ModelStore store) {
        try (Stream<Path> children = Files.list(store.root())) {
            assertTrue(children.noneMatch(p -> p.getFileName().toString().startsWith(".")), "staging folder left behind");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
