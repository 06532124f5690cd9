package org.sparsesam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of a valid PNG and a valid points file through {@code sparse-sam segment}: each run must end
 * either in a clean result (exit 0, the four files) or a clean refusal (exit 1, one "error:" line, nothing
 * written), never an uncaught exception or a stack trace. Seeds are fixed, so a failure repeats exactly.
 */
class FuzzTest {
    static final int PNG_MUTANTS = 100;
    static final int POINTS_MUTANTS = 100;

    @TempDir
    Path dir;

    @Test
    void mutatedPngsNeverCrash() throws Exception {
        byte[] png = BadInputs.png(BadInputs.slide());
        Path points = BadInputs.write(dir.resolve("points.csv"), BadInputs.POINTS_CSV);
        Random random = new Random(20240611);
        int succeeded = 0;
        for (int i = 0; i < PNG_MUTANTS; i++) {
            byte[] mutant = mutateBytes(png, random);
            Path image = BadInputs.write(dir.resolve("m" + i + ".png"), mutant);
            Path out = dir.resolve("out" + i);
            CliRun run = CliRun.of("segment", image.toString(), "--points", points.toString(), "--out", out.toString());
            if (run.assertCleanErrorOrSuccess()) {
                succeeded++;
                assertEquals(4, BadInputs.filesUnder(out).size(), "mutant " + i);
            } else {
                assertEquals(List.of(), BadInputs.filesUnder(out), "mutant " + i);
            }
            Files.delete(image);
        }
        // mutations that leave the pixels readable exist (ancillary bytes), but most must be caught
        assertTrue(succeeded < PNG_MUTANTS, "no mutant was refused: the mutations do nothing");
    }

    @Test
    void mutatedPointsFilesNeverCrash() throws Exception {
        Path image = BadInputs.write(dir.resolve("slide.png"), BadInputs.png(BadInputs.slide()));
        Random random = new Random(7);
        int succeeded = 0;
        for (int i = 0; i < POINTS_MUTANTS; i++) {
            Path points = BadInputs.write(dir.resolve("p" + i + ".csv"), mutateText(BadInputs.POINTS_CSV, random));
            Path out = dir.resolve("out" + i);
            CliRun run = CliRun.of("segment", image.toString(), "--points", points.toString(), "--out", out.toString());
            if (run.assertCleanErrorOrSuccess()) {
                succeeded++;
            } else {
                assertEquals(List.of(), BadInputs.filesUnder(out), "mutant " + i);
            }
        }
        assertTrue(succeeded > 0 && succeeded < POINTS_MUTANTS, succeeded + " of " + POINTS_MUTANTS + " succeeded");
    }

    /** Flips, truncations, insertions, deletions, duplicated runs and header fields set to extremes. */
    static byte[] mutateBytes(byte[] data, Random random) {
        byte[] out = data.clone();
        int ops = 1 + random.nextInt(3);
        for (int op = 0; op < ops; op++) {
            int at = random.nextInt(Math.max(1, out.length));
            switch (random.nextInt(6)) {
                case 0 -> {
                    for (int k = 0; k < 1 + random.nextInt(8); k++) {
                        int j = random.nextInt(out.length);
                        out[j] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> out = java.util.Arrays.copyOf(out, Math.max(0, at));
                case 2 -> {
                    byte[] insert = new byte[1 + random.nextInt(32)];
                    random.nextBytes(insert);
                    out = splice(out, at, 0, insert);
                }
                case 3 -> out = splice(out, at, Math.min(out.length - at, 1 + random.nextInt(64)), new byte[0]);
                case 4 -> {
                    int len = Math.min(out.length - at, 1 + random.nextInt(64));
                    out = splice(out, at, 0, java.util.Arrays.copyOfRange(out, at, at + len));
                }
                default -> {
                    // the IHDR's width, height, bit depth and colour type sit in bytes 16..25
                    if (out.length > 26) {
                        int field = 16 + random.nextInt(10);
                        out[field] = (byte) (random.nextBoolean() ? 0xff : random.nextInt(256));
                    }
                }
            }
            if (out.length == 0) {
                break;
            }
        }
        return out;
    }

    private static byte[] splice(byte[] data, int at, int remove, byte[] insert) {
        byte[] out = new byte[data.length - remove + insert.length];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(data, at + remove, out, at + insert.length, data.length - at - remove);
        return out;
    }

    private static final String[] TOKENS = {",", ";", "\t", "\n", "-", ".", "e", "E", "9", "0", "1e309", "-1e309", "NaN", "nan",
            "Infinity", "fg", "bg", "1", "#", "\"", " ", "\u0000", "\u00ff", "\ufeff", "\r", "x", "label", "1e-320", "99999999999",
            "0x10", "+", "--", ",,,", "\\", "\u202e"};

    /** Replaces, inserts or deletes a token, duplicates or drops a line. */
    static String mutateText(String text, Random random) {
        StringBuilder sb = new StringBuilder(text);
        int ops = 1 + random.nextInt(3);
        for (int op = 0; op < ops; op++) {
            int at = sb.length() == 0 ? 0 : random.nextInt(sb.length());
            String token = TOKENS[random.nextInt(TOKENS.length)];
            switch (random.nextInt(5)) {
                case 0 -> sb.insert(at, token);
                case 1 -> sb.replace(at, Math.min(sb.length(), at + 1 + random.nextInt(3)), token);
                case 2 -> sb.delete(at, Math.min(sb.length(), at + 1 + random.nextInt(4)));
                case 3 -> {
                    String[] lines = sb.toString().split("\n", -1);
                    String line = lines[random.nextInt(lines.length)];
                    sb.insert(at, line + "\n" + line + "\n");
                }
                default -> {
                    int nl = sb.indexOf("\n", at);
                    if (nl >= 0) {
                        int start = sb.lastIndexOf("\n", Math.max(0, at - 1)) + 1;
                        sb.delete(start, nl + 1);
                    }
                }
            }
        }
        return sb.toString();
    }
}
