package org.sparsesam.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.sparsesam.core.SparseSamException;

/** SHA-256 of files, streamed so that multi-gigabyte model files need no memory. */
public final class Checksums {
    private Checksums() {}

    /** Lower-case hexadecimal SHA-256 of the file's bytes. */
    public static String sha256(Path file) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new SparseSamException("Cannot read " + file + " to check it (" + e.getMessage()
                    + "): check that the file exists and can be read.", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
