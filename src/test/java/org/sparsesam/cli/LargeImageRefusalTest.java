package org.sparsesam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A valid-looking image too large for the heap to segment is refused from its header, before a pixel is decoded, with
 * the heap it would need. The file here is a PNG whose header says 20000 x 20000 RGB but whose pixel data is a few bytes
 * of nonsense: a decoder would call it damaged, so the memory message proves that nothing was decoded first. (A real
 * 20000 x 20000 PNG takes half a minute to decode; the refusal takes about a second.)
 */
class LargeImageRefusalTest {
    @TempDir
    Path dir;

    @Test
    void aHugeImageIsRefusedFromItsHeaderWithTheHeapItNeeds() throws IOException {
        Path image = dir.resolve("huge.png");
        Files.write(image, pngHeaderOnly(20000, 20000));
        Path points = Files.writeString(dir.resolve("points.csv"), "x,y,label\n100,100,fg\n5000,5000,bg\n");
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("segment", image.toString(), "--points", points.toString(), "--out", out.toString()).assertCleanError();
        assertTrue(run.err().startsWith("error: Segmenting this 20000 x 20000 image needs about"), run.err());
        assertTrue(run.err().contains("SPARSE_SAM_JAVA_OPTS=-Xmx"), run.err());
        assertFalse(run.err().contains("damaged") || run.err().contains("corrupt"), run.err());
        assertFalse(Files.exists(out), "nothing is created on a refused run");
    }

    /**
     * The hand-made encoder segments a large image in tiles, but holds the whole image's float planes (12 bytes a pixel)
     * and assembles its labels and probability (8 more) meanwhile: 20000 x 20000 needs more than the launcher's 8 GB heap.
     * Counting only the assembled 8 bytes, the check let it through to decode for half a minute and run out of memory;
     * here that would be a decoder's "corrupt" on the nonsense pixel data. Run in a JVM of the launcher's heap, since the
     * answer depends on it.
     */
    @Test
    void aHugeImageForTheTiledPathIsRefusedFromItsHeaderToo() throws Exception {
        Path image = dir.resolve("huge.png");
        Files.write(image, pngHeaderOnly(20000, 20000));
        Path points = Files.writeString(dir.resolve("points.csv"), "x,y,label\n100,100,fg\n5000,5000,bg\n");
        Path out = dir.resolve("out");
        String err = cliWithLaunchersHeap("segment", image.toString(), "--points", points.toString(), "--out", out.toString(),
                "--encoder", "handmade");
        assertTrue(err.startsWith("error: Segmenting this 20000 x 20000 image needs about"), err);
        assertTrue(err.contains("SPARSE_SAM_JAVA_OPTS=-Xmx"), err);
        assertFalse(err.contains("damaged") || err.contains("corrupt") || err.contains("\tat "), err);
        assertFalse(Files.exists(out), "nothing is created on a refused run");
    }

    /** The command line in a fresh JVM with the heap the sparse-sam launcher gives it; what it printed, after exit 1. */
    private static String cliWithLaunchersHeap(String... args) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx8g", "-Djava.awt.headless=true",
                "-cp", classpath, SparseSamCli.class.getName()));
        command.addAll(java.util.List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(2, java.util.concurrent.TimeUnit.MINUTES));
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(1, process.exitValue(), text);
        return text;
    }

    /** Signature, an IHDR for an 8-bit RGB image of this size, a tiny IDAT that decodes to nothing, and IEND. */
    static byte[] pngHeaderOnly(int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(ihdr);
        d.writeInt(width);
        d.writeInt(height);
        d.write(new byte[] {8, 2, 0, 0, 0}); // 8 bits, RGB, deflate, adaptive filtering, no interlace
        chunk(bytes, "IHDR", ihdr.toByteArray());
        chunk(bytes, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00});
        chunk(bytes, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(data.length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        d.write(name);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }
}
