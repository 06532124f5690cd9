package org.sparsesam.core.encode.histology;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.BareRun;
import org.sparsesam.core.encode.Encoder;
import org.sparsesam.core.encode.EncoderProfile;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.encode.SimilarityCalibration;
import org.sparsesam.core.encode.OrtSessions;
import org.sparsesam.core.encode.sam.Device;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;

/**
 * The learned histology encoder (tools/train): a network that gives every 2 x 2 pixel cell a unit-length
 * embedding and, as auxiliary planes, a nucleus and a gland distance map (1 at an object's centre, 0 at its
 * edge and outside). Runs through ONNX Runtime on CUDA when available, else on CPU, with one session per
 * encoder, closed with it.
 *
 * <p>An image up to a tile's side is encoded whole; a larger one in overlapping tiles of which only each
 * core is kept (see {@link HistologyTiling}), so that memory stays bounded and the stitched grid has no seams
 * wherever the receptive field the network relies on fits in the margin.
 */
public final class HistologyEncoder implements Encoder {
    /** Auxiliary plane of the grid: distance to a nucleus's edge, 1 at its centre. */
    /** The name the shipped weights' manifest gives them, also accepted as an encoder name. */
    public static final String SHIPPED_NAME = "histology-v1";
    public static final String NUCLEUS_DISTANCE = "nucleus-distance";
    /** Auxiliary plane of the grid: distance to a gland's edge, 1 at its centre. */
    public static final String GLAND_DISTANCE = "gland-distance";
    /** The manifest's file name, in the plugin jar and in a model folder. */
    public static final String MANIFEST_FILE = "histology-encoder.json";
    /** Where the shipped model lies on the classpath. */
    public static final String RESOURCE_FOLDER = "/org/sparsesam/models/histology/";
    public static final int DEFAULT_TILE_SIZE = 1024;
    public static final int DEFAULT_TILE_MARGIN = 96;

    static final String EMBEDDING_OUTPUT = "embedding";
    static final String INSTANCE_OUTPUT = "instance";

    private final HistologyManifest manifest;
    private final HistologyTiling tiling;
    private final OrtSession session;
    private final String provider;

    private HistologyEncoder(HistologyManifest manifest, byte[] weights, String source, Device device, Progress progress,
                             HistologyTiling tiling) {
        this.manifest = manifest;
        this.tiling = tiling.checkedFor(manifest.sizeMultiple(), manifest.stride());
        String role = "histology encoder " + manifest.name();
        OrtSessions.Opened opened = OrtSessions.open(weights, source, device, role, progress);
        this.session = opened.session();
        this.provider = opened.provider();
        try {
            requireTensors(source);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The model shipped in the plugin jar. */
    public static HistologyEncoder shipped(Device device, Progress progress) {
        return shipped(device, progress, new HistologyTiling(DEFAULT_TILE_SIZE, DEFAULT_TILE_MARGIN));
    }

    private static final String SHIPPED_FIX = "reinstall Sparse SAM (the plugin jar is damaged or was built without the model).";

    /** The shipped model's manifest, read without loading the model (to say what the default encoder is). */
    public static HistologyManifest shippedManifest() {
        return HistologyManifest.parse(new String(resource(MANIFEST_FILE, SHIPPED_FIX), StandardCharsets.UTF_8),
                "jar:" + RESOURCE_FOLDER + MANIFEST_FILE);
    }

    static HistologyEncoder shipped(Device device, Progress progress, HistologyTiling tiling) {
        String fix = SHIPPED_FIX;
        HistologyManifest manifest = shippedManifest();
        String source = "jar:" + RESOURCE_FOLDER + manifest.file();
        byte[] weights = resource(manifest.file(), fix);
        verify(manifest, weights, source, fix);
        return new HistologyEncoder(manifest, weights, source, device, progress, tiling);
    }

    /** A model folder holding {@value #MANIFEST_FILE} and the ONNX file it names (other weights, or tests). */
    public static HistologyEncoder fromFolder(Path folder, Device device, Progress progress) {
        return fromFolder(folder, device, progress, new HistologyTiling(DEFAULT_TILE_SIZE, DEFAULT_TILE_MARGIN));
    }

    static HistologyEncoder fromFolder(Path folder, Device device, Progress progress, HistologyTiling tiling) {
        Path manifestFile = folder.resolve(MANIFEST_FILE);
        HistologyManifest manifest = HistologyManifest.parse(new String(read(manifestFile), StandardCharsets.UTF_8), manifestFile.toString());
        Path weightsFile = folder.resolve(manifest.file());
        // The bytes checked are the bytes opened: nothing can change the file between the check and the load.
        byte[] weights = read(weightsFile);
        verify(manifest, weights, weightsFile.toString(), "copy the model folder again, or export the weights and their"
                + " manifest together with tools/train.");
        return new HistologyEncoder(manifest, weights, weightsFile.toString(), device, progress, tiling);
    }

    private static void verify(HistologyManifest manifest, byte[] weights, String source, String fix) {
        String actual = sha256(weights);
        if (!actual.equals(manifest.sha256())) {
            throw manifest.mismatch(source, actual, fix);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] resource(String name, String fix) {
        try (InputStream in = HistologyEncoder.class.getResourceAsStream(RESOURCE_FOLDER + name)) {
            if (in == null) {
                throw new SparseSamException("The histology model file " + name + " is not in the plugin jar: " + fix);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new SparseSamException("Cannot read the histology model file " + name + " from the plugin jar ("
                    + e.getMessage() + "): " + fix, e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SparseSamException("There is no " + file.getFileName() + " in " + file.getParent() + ": a histology model"
                    + " folder holds " + MANIFEST_FILE + " and the ONNX file it names; check the path.");
        } catch (IOException e) {
            throw new SparseSamException("Cannot read " + file + " (" + e.getMessage() + "): check its permissions.", e);
        }
    }

    private void requireTensors(String source) {
        List<String> inputs = List.copyOf(session.getInputNames());
        if (!inputs.equals(List.of(manifest.inputName()))
                || !session.getOutputNames().containsAll(List.of(EMBEDDING_OUTPUT, INSTANCE_OUTPUT))) {
            throw new SparseSamException("The histology model " + source + " has the inputs " + inputs + " and outputs "
                    + session.getOutputNames() + " but its manifest promises the input '" + manifest.inputName() + "' and the outputs '"
                    + EMBEDDING_OUTPUT + "' and '" + INSTANCE_OUTPUT + "': export the model again with tools/train.");
        }
    }

    /** The identifier of the weights (the manifest's name, "histology-v1"). */
    @Override
    public String id() {
        return manifest.name();
    }

    /** The SHA-256 of the ONNX file, checked against the manifest when the encoder was opened. */
    @Override
    public String checksum() {
        return manifest.sha256();
    }

    public HistologyManifest manifest() {
        return manifest;
    }

    /** Softmax temperature of cosine similarities the encoder was trained with. */
    public double temperature() {
        return manifest.temperature();
    }

    public int stride() {
        return manifest.stride();
    }

    /** The model was trained for the plain click margin at its temperature: its map needs no stain prior. */
    @Override
    public SimilarityCalibration similarity() {
        return SimilarityCalibration.learned(manifest.temperature());
    }

    /** Where the session runs: "CUDA" or "CPU". */
    public String provider() {
        return provider;
    }

    /** Names of the embedding channels: "embedding-00", "embedding-01", .... */
    public List<String> channelNames() {
        String[] names = new String[manifest.embeddingChannels()];
        for (int c = 0; c < names.length; c++) {
            names[c] = String.format(Locale.ROOT, "embedding-%02d", c);
        }
        return List.of(names);
    }

    @Override
    public Optional<EncoderProfile> profile(boolean rgb) {
        // Per pixel of one tile: the 3 input floats, and the outputs' floats (embedding and instance maps, one set per
        // stride x stride cell) copied out of ONNX Runtime before they are stitched. The network's own activations
        // live in ONNX Runtime's native memory, not on the Java heap.
        int outputs = manifest.embeddingChannels() + HistologyManifest.INSTANCE_CHANNELS;
        double bytesPerPixel = 4.0 * (3 + (double) outputs / (manifest.stride() * manifest.stride()));
        return Optional.of(new EncoderProfile(manifest.embeddingChannels(), HistologyManifest.INSTANCE_CHANNELS, manifest.stride(),
                bytesPerPixel, tiling.tileSize(), tiling.margin()));
    }

    @Override
    public FeatureGrid encode(RasterImage image, Progress progress, CancelToken cancel) {
        int stride = manifest.stride(), channels = manifest.embeddingChannels();
        int width = image.width(), height = image.height();
        int gridWidth = HistologyTiling.ceilDiv(width, stride), gridHeight = HistologyTiling.ceilDiv(height, stride);
        HistologyInput input = HistologyInput.of(image, progress);
        FloatPlane[] planes = new FloatPlane[channels + HistologyManifest.INSTANCE_CHANNELS];
        for (int c = 0; c < planes.length; c++) {
            planes[c] = new FloatPlane(gridWidth, gridHeight);
        }
        List<HistologyTiling.Span> columns = spans(width), rows = spans(height);
        int tiles = columns.size() * rows.size(), done = 0;
        for (HistologyTiling.Span row : rows) {
            for (HistologyTiling.Span column : columns) {
                cancel.throwIfCancelled();
                progress.report(tiles == 1 ? "histology encoder" : "histology encoder, tile " + (done + 1) + "/" + tiles,
                        (double) done / tiles);
                float[][] out = run(input.tensor(column.start(), row.start(), column.length(), row.length()),
                        column.length(), row.length());
                keepCore(out, column, row, planes);
                done++;
            }
        }
        progress.report("histology encoder", 1);
        FloatPlane[] embedding = Arrays.copyOf(planes, channels);
        return new FeatureGrid(embedding, channelNames().toArray(String[]::new), stride, width, height)
                .withAuxiliary(NUCLEUS_DISTANCE, planes[channels])
                .withAuxiliary(GLAND_DISTANCE, planes[channels + 1]);
    }

    /** The tiles along a side of {@code length} image pixels, padded to the network's size multiple. */
    private List<HistologyTiling.Span> spans(int length) {
        int multiple = manifest.sizeMultiple();
        return tiling.spans(HistologyTiling.ceilDiv(length, multiple) * multiple);
    }

    /**
     * For bench: the bare {@code session.run} that {@link #encode} is built on ({@link BareRun}), in this encoder's
     * session, on the padded input tensor encode gives it for {@code image} (the first tile's when it is tiled),
     * run once per tile.
     */
    public BareRun rawRun(RasterImage image) {
        List<HistologyTiling.Span> columns = spans(image.width()), rows = spans(image.height());
        HistologyTiling.Span column = columns.get(0), row = rows.get(0);
        float[] tensor = HistologyInput.of(image, Progress.NONE).tensor(column.start(), row.start(), column.length(), row.length());
        return new BareRun(session, manifest.inputName(), tensor, new long[] {1, 3, row.length(), column.length()},
                "histology encoder " + manifest.name(), columns.size() * rows.size());
    }

    /** Copies a tile's kept cells (embedding channels, then instance channels) into the image's grid planes. */
    private void keepCore(float[][] tile, HistologyTiling.Span column, HistologyTiling.Span row, FloatPlane[] planes) {
        int stride = manifest.stride(), tileCells = column.length() / stride;
        int gridWidth = planes[0].width(), gridHeight = planes[0].height();
        int x0 = column.keepFrom() / stride, x1 = Math.min(column.keepTo() / stride, gridWidth);
        int y0 = row.keepFrom() / stride, y1 = Math.min(row.keepTo() / stride, gridHeight);
        int dx = column.start() / stride, dy = row.start() / stride;
        int channels = manifest.embeddingChannels();
        for (int p = 0; p < planes.length; p++) {
            float[] from = p < channels ? tile[0] : tile[1];
            int plane = p < channels ? p : p - channels;
            int planeSize = tileCells * (row.length() / stride);
            float[] to = planes[p].data();
            for (int gy = y0; gy < y1; gy++) {
                System.arraycopy(from, plane * planeSize + (gy - dy) * tileCells + (x0 - dx), to, gy * gridWidth + x0, x1 - x0);
            }
        }
    }

    /** Runs the network on one [1, 3, h, w] input; returns the embedding and instance outputs, each [c, h/s, w/s]. */
    float[][] run(float[] tensor, int width, int height) {
        int stride = manifest.stride();
        long[] cells = {height / stride, width / stride};
        try (OnnxTensor input = OnnxTensor.createTensor(OrtSessions.environment(), FloatBuffer.wrap(tensor), new long[] {1, 3, height, width});
             OrtSession.Result result = session.run(Map.of(manifest.inputName(), input))) {
            return new float[][] {
                floats(result, EMBEDDING_OUTPUT, manifest.embeddingChannels(), cells),
                floats(result, INSTANCE_OUTPUT, HistologyManifest.INSTANCE_CHANNELS, cells)};
        } catch (OrtException e) {
            throw new SparseSamException("The histology encoder failed on a " + width + " x " + height + " input ("
                    + OrtSessions.firstLine(e) + "): the model file does not fit this version of Sparse SAM; export it again"
                    + " with tools/train.", e);
        }
    }

    private static float[] floats(OrtSession.Result result, String name, int channels, long[] cells) throws OrtException {
        OnnxValue value = result.get(name).orElseThrow();
        long[] expected = {1, channels, cells[0], cells[1]};
        if (!(value instanceof OnnxTensor tensor) || !Arrays.equals(tensor.getInfo().getShape(), expected)) {
            throw new SparseSamException("The histology model's output '" + name + "' is " + value.getInfo() + ", not a float"
                    + " tensor of shape " + Arrays.toString(expected) + ": export the model again with tools/train.");
        }
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] out = new float[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // Nothing is left to release that the process exit would not.
        }
    }
}
