package org.sparsesam.command.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.process.ShortProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.ij.ImageFiles;

/** Intact images open; truncated ones fail with our message, before ImageJ's Opener could abort a macro. */
class BatchImagesTest {
    @TempDir
    Path dir;

    private Path write(String name) {
        ShortProcessor ip = new ShortProcessor(64, 48);
        ip.setValue(1000);
        ip.fill();
        Path file = dir.resolve(name);
        if (name.endsWith(".png")) {
            ImageFiles.savePng(new ImagePlus(name, ip), file);
        } else {
            ImageFiles.saveTiff(new ImagePlus(name, ip), file);
        }
        return file;
    }

    private static void truncate(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length / 2));
    }

    @Test
    void intactFilesOpenWithTheirSize() {
        for (String name : new String[] {"a.tif", "a.png"}) {
            ImagePlus imp = BatchImages.open(write(name));
            assertEquals(64, imp.getWidth());
            assertEquals(48, imp.getHeight());
        }
    }

    @Test
    void truncatedFilesAreReportedNotOpened() throws IOException {
        for (String name : new String[] {"b.tif", "b.png"}) {
            Path file = write(name);
            truncate(file);
            SparseSamException e = assertThrows(SparseSamException.class, () -> BatchImages.open(file));
            assertTrue(e.getMessage().contains("is not an image ImageJ can read") && e.getMessage().contains("run the batch again"), e.getMessage());
        }
    }
}
