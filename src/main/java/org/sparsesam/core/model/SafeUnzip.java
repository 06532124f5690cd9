package org.sparsesam.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.sparsesam.core.SparseSamException;

/**
 * Unpacks a zip without letting any entry land outside the target folder ("zip-slip": entries named
 * {@code ../x} or {@code /x}). Every name is checked before anything is written, so a refused zip leaves
 * nothing behind.
 */
public final class SafeUnzip {
    private SafeUnzip() {}

    /** True when the file starts like a zip archive, whatever its name. */
    public static boolean looksLikeZip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        } catch (IOException e) {
            return false;
        }
    }

    public static void extract(Path zip, Path folder) {
        Path root = folder.toAbsolutePath().normalize();
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            List<ZipEntry> entries = new ArrayList<>();
            List<Path> targets = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> en = zf.entries(); en.hasMoreElements(); ) {
                ZipEntry entry = en.nextElement();
                entries.add(entry);
                targets.add(targetOf(zip, entry.getName(), root));
            }
            for (int i = 0; i < entries.size(); i++) {
                ZipEntry entry = entries.get(i);
                Path target = targets.get(i);
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zf.getInputStream(entry)) {
                    Files.copy(in, target);
                }
            }
        } catch (ZipException e) {
            throw new SparseSamException("The file " + zip + " is not a readable zip (" + e.getMessage()
                    + "): it is truncated or damaged; download or export it again.", e);
        } catch (IOException e) {
            throw new SparseSamException("Cannot unpack " + zip + " into " + folder + " (" + e.getMessage()
                    + "): check the free disk space and the folder's permissions.", e);
        }
    }

    private static Path targetOf(Path zip, String name, Path root) {
        String unixName = name.replace('\\', '/');
        Path target = root.resolve(unixName).normalize();
        if (unixName.startsWith("/") || unixName.contains(":") || !target.startsWith(root) || target.equals(root)) {
            throw new SparseSamException("The zip " + zip + " contains the entry '" + name
                    + "', which would be written outside the folder it is unpacked into; such a zip is unsafe"
                    + " (zip-slip) and is refused: make the package again with tools/ or get it from its source.");
        }
        return target;
    }
}
