package org.sparsesam.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparsesam.core.SparseSamException;

/**
 * Damaged and hostile model packages, opened and installed: each is refused with a message, the model folder and
 * the temporary folder keep nothing of it, and nothing lands outside the folder it is unpacked into. Plus seeded
 * mutations of the manifest and of the package zip: a clean refusal or a valid package, never another exception.
 */
class ModelPackageRobustnessTest {
    static final int MANIFEST_MUTANTS = 200;
    static final int ZIP_MUTANTS = 40;

    @TempDir
    Path temp;
    private Path goodZip;

    @BeforeEach
    void zipTheGoodPackage() throws IOException {
        goodZip = ModelPackageTest.zip(TinySamFixture.packageFolder(), temp.resolve("good.zip"), "", null);
    }

    /** Opens and installs {@code pkg}; both must refuse, leaving no model, no staging folder and no unpacked copy. */
    private String assertRefusedEverywhere(Path pkg) {
        List<Path> tempsBefore = unpackedCopies();
        String open = assertThrows(SparseSamException.class, () -> ModelPackage.open(pkg).close()).getMessage();
        ModelStore store = new ModelStore(temp.resolve("store"));
        assertThrows(SparseSamException.class, () -> store.install(pkg, true));
        assertEquals(List.of(), store.list(), "a refused package was listed");
        assertEquals(List.of(), hiddenLeftovers(store.root()), "staging left in the model folder");
        assertNoNewUnpackedCopies(tempsBefore);
        return open;
    }

    private static List<Path> unpackedCopies() {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("sparse-sam-model-")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * No unpacked copy made since {@code before} survives. The temporary folder is shared with other processes
     * (builds running side by side make such copies too), so a new one must still be there a moment later to count.
     */
    private static void assertNoNewUnpackedCopies(List<Path> before) {
        List<Path> added = new ArrayList<>(unpackedCopies());
        added.removeAll(before);
        if (!added.isEmpty()) {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            added.removeIf(p -> !Files.exists(p));
        }
        assertEquals(List.of(), added, "an unpacked copy was left in the temporary folder");
    }

    private static List<String> hiddenLeftovers(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "cut to {0}%")
    @ValueSource(ints = {0, 1, 10, 50, 90, 99})
    void aTruncatedZipIsRefused(int percent) throws IOException {
        byte[] whole = Files.readAllBytes(goodZip);
        Path cut = Files.write(temp.resolve("cut.zip"), java.util.Arrays.copyOf(whole, Math.max(0, whole.length * percent / 100)));
        String message = assertRefusedEverywhere(cut);
        assertTrue(message.contains("cut.zip"), message);
    }

    @Test
    void aZipWhoseModelDiffersFromItsChecksumIsRefused() throws IOException {
        Path folder = TinySamFixture.copyPackage(temp.resolve("changed"));
        byte[] encoder = Files.readAllBytes(folder.resolve("encoder.onnx"));
        encoder[encoder.length / 2] ^= 1;
        Files.write(folder.resolve("encoder.onnx"), encoder);
        Path zip = ModelPackageTest.zip(folder, temp.resolve("changed.zip"), "", null);
        assertTrue(assertRefusedEverywhere(zip).contains("SHA-256"));
        assertTrue(assertRefusedEverywhere(folder).contains("SHA-256"));
    }

    @ParameterizedTest(name = "entry {0}")
    @ValueSource(strings = {"../escaped.txt", "../../escaped.txt", "/tmp/escaped-absolute.txt", "sub/../../escaped.txt",
            "..\\escaped.txt", "C:\\escaped.txt", "C:/escaped.txt", "sub/../../../escaped.txt"})
    void zipEntriesEscapingTheFolderAreRefusedAndWriteNothing(String entry) throws IOException {
        Path zip = ModelPackageTest.zip(TinySamFixture.packageFolder(), temp.resolve("slip.zip"), "", entry);
        String message = assertRefusedEverywhere(zip);
        assertTrue(message.contains("zip-slip"), message);
        assertTrue(!Files.exists(temp.resolve("escaped.txt")) && !Files.exists(Path.of("/tmp/escaped-absolute.txt")));
    }

    /** Manifest values a broken exporter or a hostile file could hold, each with what it must be refused for. */
    static Stream<Map.Entry<String, JsonElement>> absurdValues() {
        return Stream.of(
                Map.entry("embedding_shape", array(1, 1_000_000_000, 16, 16)),
                Map.entry("embedding_shape", array(1, 32, 0, 0)),
                Map.entry("embedding_shape", array(1, 32, 16, 8)),
                Map.entry("embedding_shape", array(1, 32, 3, 3)),
                Map.entry("embedding_shape", array(-1, 32, 16, 16)),
                Map.entry("embedding_shape", array(1, 32, 16)),
                Map.entry("embedding_shape", array(1, 32.5, 16, 16)),
                Map.entry("embedding_shape", new JsonPrimitive("1x32x16x16")),
                Map.entry("input_size", new JsonPrimitive(1e12)),
                Map.entry("input_size", new JsonPrimitive(-128)),
                Map.entry("input_size", new JsonPrimitive(0)),
                Map.entry("pixel_std", array(0, 0, 0)),
                Map.entry("pixel_mean", array(1e300, 0, 0)),
                Map.entry("format", new JsonPrimitive(99)),
                Map.entry("name", new JsonPrimitive("../../evil")));
    }

    private static JsonArray array(Number... values) {
        JsonArray a = new JsonArray();
        for (Number v : values) {
            a.add(v);
        }
        return a;
    }

    @Test
    void manifestsWithAbsurdShapesAreRefusedNamingTheField() throws IOException {
        int i = 0;
        for (Map.Entry<String, JsonElement> bad : absurdValues().toList()) {
            Path folder = TinySamFixture.copyPackage(temp.resolve("absurd" + i++));
            JsonObject json = TinySamFixture.readJson(folder.resolve("model.json"));
            json.add(bad.getKey(), bad.getValue());
            TinySamFixture.writeJson(folder.resolve("model.json"), json);
            String message = assertRefusedEverywhere(folder);
            assertTrue(message.contains(bad.getKey()), bad + " -> " + message);
            assertRefusedEverywhere(ModelPackageTest.zip(folder, temp.resolve("absurd" + i + ".zip"), "", null));
        }
    }

    @Test
    void aZipHoldingNoPackageOrAFolderNamedLikeTheManifestIsRefused() throws IOException {
        Path empty = temp.resolve("empty.zip");
        try (OutputStream out = Files.newOutputStream(empty); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("model.json/"));
            zip.closeEntry();
        }
        assertRefusedEverywhere(empty);
        Path notZip = Files.writeString(temp.resolve("model.zip"), "PK but not really");
        assertRefusedEverywhere(notZip);
    }

    private static final String[] JSON_VALUES = {"null", "true", "-1", "0", "1e309", "-1e309", "1.5", "\"\"", "\"../x\"", "[]", "{}",
            "[1,2]", "\"encoder.onnx\"", "9999999999", "\"\\u0000\"", "NaN", "[[[[[[[[[[1]]]]]]]]]]"};

    private static final String DAMAGE = "{}[],:\"0-9ae \\";

    /** Replaces a value, deletes a key, or damages the text itself. */
    static String mutateManifest(String json, Random random) {
        StringBuilder sb = new StringBuilder(json);
        for (int op = 0, ops = 1 + random.nextInt(3); op < ops && sb.length() > 0; op++) {
            int at = random.nextInt(sb.length());
            switch (random.nextInt(4)) {
                case 0 -> {
                    int colon = sb.indexOf(":", at);
                    if (colon >= 0) {
                        int end = colon + 1;
                        while (end < sb.length() && ",}\n".indexOf(sb.charAt(end)) < 0) {
                            end++;
                        }
                        sb.replace(colon + 1, end, " " + JSON_VALUES[random.nextInt(JSON_VALUES.length)]);
                    }
                }
                case 1 -> {
                    int quote = sb.indexOf("\"", at);
                    int nl = quote < 0 ? -1 : sb.indexOf("\n", quote);
                    if (nl >= 0) {
                        sb.delete(quote, nl);
                    }
                }
                case 2 -> sb.setCharAt(at, DAMAGE.charAt(random.nextInt(DAMAGE.length())));
                default -> sb.delete(at, Math.min(sb.length(), at + 1 + random.nextInt(20)));
            }
        }
        return sb.toString();
    }

    @Test
    void mutatedManifestsAreRefusedCleanlyOrValid() throws IOException {
        String good = Files.readString(TinySamFixture.packageFolder().resolve("model.json"));
        Random random = new Random(99);
        int valid = 0;
        List<String> refusals = new ArrayList<>();
        for (int i = 0; i < MANIFEST_MUTANTS; i++) {
            String mutant = mutateManifest(good, random);
            try {
                ModelManifest m = ModelManifest.parse(mutant, "mutant " + i);
                assertTrue(m.embeddingSize() >= 1 && m.inputSize() % m.embeddingSize() == 0 && !m.sha256ByFile().isEmpty(), mutant);
                valid++;
            } catch (SparseSamException e) {
                refusals.add(e.getMessage());
            }
        }
        assertTrue(valid < MANIFEST_MUTANTS && !refusals.isEmpty(), "the mutations did nothing");
        refusals.forEach(m -> assertTrue(m.contains("mutant"), "a refusal that does not say which file: " + m));
    }

    @Test
    void mutatedPackageZipsAreRefusedCleanlyOrOpen() throws IOException {
        byte[] zip = Files.readAllBytes(goodZip);
        Random random = new Random(5);
        List<Path> tempsBefore = unpackedCopies();
        for (int i = 0; i < ZIP_MUTANTS; i++) {
            byte[] mutant = zip.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                mutant[random.nextInt(mutant.length)] ^= (byte) (1 << random.nextInt(8));
            }
            Path file = Files.write(temp.resolve("mutant" + i + ".zip"), mutant);
            try (ModelPackage pkg = ModelPackage.open(file)) {
                assertEquals("tiny-sam", pkg.manifest().name());
            } catch (SparseSamException e) {
                assertTrue(e.getMessage().contains("mutant" + i), e.getMessage());
            }
        }
        assertNoNewUnpackedCopies(tempsBefore);
    }
}
