package org.sparsesam.core.encode;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;

/**
 * Embeddings kept on disk between sessions (--cache-dir): a slide encoded once is not encoded again by the
 * next run, the next Fiji session or another worker. One file per encoder and image, named by the SHA-256 of
 * the encoder's id and weights checksum, what is stored, and the image's size and pixels (a full hash: the
 * file outlives this process, so a collision would hand one image another's embedding). Files are written to a
 * temporary name and renamed, so a crash leaves no half file under a real name; each ends with a CRC-32 of
 * its bytes, so a damaged file is noticed, ignored with a note and replaced. The folder is bounded in bytes:
 * after each write the files read or written longest ago go first (a read touches its file's time).
 */
public final class DiskEmbeddingCache {
    /** Default bound of the folder. */
    public static final long DEFAULT_BUDGET_BYTES = 4L << 30;
    private static final String SUFFIX = ".ssamcache";
    private static final byte[] MAGIC = "SSAMCACHE1".getBytes(StandardCharsets.US_ASCII);

    /** How one kind of value is stored. */
    public interface Codec<V> {
        void write(V value, DataOutputStream out) throws IOException;

        V read(ByteBuffer in);
    }

    private final Path folder;
    private final long budgetBytes;

    public DiskEmbeddingCache(Path folder, long budgetBytes) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new SparseSamException("Cannot use " + folder + " as embedding cache folder (" + e.getMessage()
                    + "): give a folder you can write to with --cache-dir, or leave it out.", e);
        }
        this.folder = folder;
        this.budgetBytes = budgetBytes;
    }

    public Path folder() {
        return folder;
    }

    /** The file for {@code kind} of {@code encoderKey} on {@code image}. */
    public Path file(String kind, String encoderKey, RasterImage image) {
        return folder.resolve(key(kind, encoderKey, image) + SUFFIX);
    }

    /** The stored value, or null when there is none or it is damaged (then noted and deleted). */
    public <V> V read(String kind, String encoderKey, RasterImage image, Codec<V> codec, Progress progress) {
        Path file = file(kind, encoderKey, image);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
            if (bytes.length < MAGIC.length + 8) {
                throw new IOException("too short");
            }
            CRC32 crc = new CRC32();
            crc.update(bytes, 0, bytes.length - 8);
            if (crc.getValue() != in.getLong(bytes.length - 8)) {
                throw new IOException("checksum mismatch");
            }
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IOException("not a Sparse SAM cache file");
            }
            in.limit(bytes.length - 8);
            V value = codec.read(in);
            touch(file);
            progress.note("Embedding read from the disk cache (" + file.getFileName() + "): not encoded again.");
            return value;
        } catch (IOException | RuntimeException e) {
            progress.note("The cache file " + file + " is damaged (" + e.getMessage() + "): ignored, deleted and computed again.");
            deleteQuietly(file);
            return null;
        }
    }

    /**
     * Stores {@code value} (temporary name, then renamed) and evicts the least recently used files beyond the
     * budget. A failure to write (disk full, no permission) is noted, not thrown: the cache is an optimisation.
     */
    public <V> void write(String kind, String encoderKey, RasterImage image, V value, Codec<V> codec, Progress progress) {
        Path file = file(kind, encoderKey, image);
        Path temp = null;
        try {
            temp = Files.createTempFile(folder, ".writing-", ".tmp");
            CRC32 crc = new CRC32();
            try (OutputStream raw = Files.newOutputStream(temp);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc), 1 << 16))) {
                out.write(MAGIC);
                codec.write(value, out);
                out.flush();
                out.writeLong(crc.getValue()); // after flush: the checksum of everything before it
            }
            if (Files.size(temp) > budgetBytes) {
                Files.delete(temp);
                return; // larger than the whole budget: keeping it would only evict everything else
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            evict(file);
        } catch (IOException e) {
            progress.note("Could not write the embedding to the disk cache " + folder + " (" + e.getMessage() + "): continuing without.");
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    /** Deletes the files used longest ago until the folder is within budget; {@code kept} (just written) stays. */
    private void evict(Path kept) throws IOException {
        record Entry(Path path, long size, FileTime time) {}
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p)) {
                    entries.add(new Entry(p, Files.size(p), Files.getLastModifiedTime(p)));
                }
            }
        }
        long total = entries.stream().mapToLong(Entry::size).sum();
        entries.sort(Comparator.comparing(Entry::time));
        for (Entry e : entries) {
            if (total <= budgetBytes) {
                break;
            }
            if (!e.path().equals(kept) && deleteQuietly(e.path())) {
                total -= e.size();
            }
        }
    }

    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // Only the eviction order suffers.
        }
    }

    private static boolean deleteQuietly(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            return false;
        }
    }

    private static String key(String kind, String encoderKey, RasterImage image) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((kind + "\n" + encoderKey + "\n" + image.width() + "x" + image.height() + "x" + image.channelCount() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
            for (int c = 0; c < image.channelCount(); c++) {
                float[] v = image.channel(c).data();
                for (int i = 0; i < v.length; ) {
                    chunk.clear();
                    int n = Math.min(v.length - i, chunk.capacity() / 4);
                    chunk.asFloatBuffer().put(v, i, n);
                    sha.update(chunk.array(), 0, 4 * n);
                    i += n;
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** Writes floats in bulk (big-endian, as {@link ByteBuffer} reads them back). */
    public static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
        for (int i = 0; i < values.length; ) {
            chunk.clear();
            int n = Math.min(values.length - i, chunk.capacity() / 4);
            chunk.asFloatBuffer().put(values, i, n);
            out.write(chunk.array(), 0, 4 * n);
            i += n;
        }
    }

    public static float[] readFloats(ByteBuffer in, int count) {
        if (count < 0 || 4L * count > in.remaining()) {
            throw new IllegalArgumentException("truncated: " + count + " floats announced");
        }
        float[] values = new float[count];
        in.asFloatBuffer().get(values);
        in.position(in.position() + 4 * count);
        return values;
    }

    public static String readString(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("truncated string");
        }
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    public static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /** Marks the auxiliary planes after a feature grid's channels ("AUX1"). */
    private static final int AUXILIARY_TAG = 0x41555831;

    /** Feature grids: what self-similarity reads, and the auxiliary planes some encoders add. */
    public static final Codec<FeatureGrid> FEATURE_GRID = new Codec<>() {
        @Override
        public void write(FeatureGrid grid, DataOutputStream out) throws IOException {
            out.writeInt(grid.channelCount());
            out.writeInt(grid.stride());
            out.writeInt(grid.imageWidth());
            out.writeInt(grid.imageHeight());
            out.writeInt(grid.gridWidth());
            out.writeInt(grid.gridHeight());
            for (int c = 0; c < grid.channelCount(); c++) {
                writeString(out, grid.channelName(c));
                writeFloats(out, grid.channel(c).data());
            }
            // Appended after the channels, so files written before auxiliary planes existed (which end here) still read.
            List<String> auxiliary = grid.auxiliaryNames();
            if (!auxiliary.isEmpty()) {
                out.writeInt(AUXILIARY_TAG);
                out.writeInt(auxiliary.size());
                for (String name : auxiliary) {
                    writeString(out, name);
                    writeFloats(out, grid.auxiliary(name).data());
                }
            }
        }

        @Override
        public FeatureGrid read(ByteBuffer in) {
            int channels = in.getInt(), stride = in.getInt(), w = in.getInt(), h = in.getInt(), gw = in.getInt(), gh = in.getInt();
            if (channels <= 0 || gw <= 0 || gh <= 0) {
                throw new IllegalArgumentException("bad header");
            }
            FloatPlane[] planes = new FloatPlane[channels];
            String[] names = new String[channels];
            for (int c = 0; c < channels; c++) {
                names[c] = readString(in);
                planes[c] = new FloatPlane(gw, gh, readFloats(in, Math.multiplyExact(gw, gh)));
            }
            FeatureGrid grid = new FeatureGrid(planes, names, stride, w, h);
            if (!in.hasRemaining()) {
                return grid;
            }
            if (in.getInt() != AUXILIARY_TAG) {
                throw new IllegalArgumentException("unknown data after the channels");
            }
            int count = in.getInt();
            if (count <= 0 || count > 1024) {
                throw new IllegalArgumentException("bad auxiliary plane count " + count);
            }
            for (int a = 0; a < count; a++) {
                String name = readString(in);
                grid = grid.withAuxiliary(name, new FloatPlane(gw, gh, readFloats(in, Math.multiplyExact(gw, gh))));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("unknown data after the auxiliary planes");
            }
            return grid;
        }
    };
}
