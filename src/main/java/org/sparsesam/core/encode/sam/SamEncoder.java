package org.sparsesam.core.encode.sam;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.Encoder;
import org.sparsesam.core.encode.BareRun;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.encode.OrtSessions;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.model.ModelManifest;
import org.sparsesam.core.model.ModelPackage;

/**
 * A SAM-family image encoder run by ONNX Runtime. The session is opened once (checked against the
 * manifest), reused for every image, and closed by {@link #close()}. Thread-safe: ONNX Runtime sessions
 * may run concurrently.
 */
public final class SamEncoder implements Encoder {
    /** Images whose longest side exceeds this many input sizes are tiled (see {@link #encode}). */
    public static final double TILE_ABOVE = 1.25;

    private final ModelManifest manifest;
    private final String id;
    private final SamPreprocessor preprocessor;
    private final OrtSession session;
    private final String provider;
    private final Path decoderTorchScript;

    /** Opens the encoder of {@code pkg} on {@code device}; the note saying where it runs goes to {@code progress}. */
    public SamEncoder(ModelPackage pkg, Device device, Progress progress) {
        this.manifest = pkg.manifest();
        this.id = "sam:" + pkg.id();
        this.preprocessor = new SamPreprocessor(manifest);
        this.decoderTorchScript = manifest.decoderTorchScriptFile().map(pkg::file).orElse(null);
        Path file = pkg.encoderFile();
        String role = "SAM encoder of " + manifest.name();
        OrtSessions.Opened opened = OrtSessions.open(file, device, role, progress);
        this.session = opened.session();
        this.provider = opened.provider();
        try {
            long s = manifest.inputSize();
            OrtSessions.requireNames(session, true, List.of(manifest.encoderInput()), role, file);
            OrtSessions.requireNames(session, false, List.of(manifest.encoderOutput()), role, file);
            OrtSessions.requireShape(session, true, manifest.encoderInput(), new long[] {1, 3, s, s}, role, file);
            OrtSessions.requireShape(session, false, manifest.encoderOutput(), expectedEmbeddingShape(), role, file);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    private long[] expectedEmbeddingShape() {
        return new long[] {1, manifest.embeddingChannels(), manifest.embeddingSize(), manifest.embeddingSize()};
    }

    @Override
    public String id() {
        return id;
    }

    /** "CUDA" or "CPU": where the session runs. */
    public String executionProvider() {
        return provider;
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /**
     * The package's trainable TorchScript decoder (read when SAM tuning starts, so the package folder must
     * outlive this encoder), or empty when the package has none.
     */
    public java.util.Optional<Path> decoderTorchScript() {
        return java.util.Optional.ofNullable(decoderTorchScript);
    }

    public SamPreprocessor preprocessor() {
        return preprocessor;
    }

    /**
     * Images up to {@value #TILE_ABOVE} times the model's input size are encoded whole, resized into one frame as
     * SAM does; larger ones are cut into tiles at their own scale ({@link SamTiling#forModel}), because
     * shrinking them into one frame would shrink nuclei below an embedding cell.
     */
    @Override
    public FeatureGrid encode(RasterImage image, Progress progress, CancelToken cancel) {
        SamTiling tiling = tilingFor(image.width(), image.height());
        if (tiling != null) {
            progress.note(String.format(java.util.Locale.ROOT, "%dx%d image: encoded in %d tiles of %d px (overlap %d px) at its own scale.",
                    image.width(), image.height(), tiling.tileCount(image.width(), image.height()), tiling.tileSize(), tiling.overlap()));
            return encodeTiled(image, tiling, progress, cancel);
        }
        return embed(image, progress, cancel).toFeatureGrid();
    }

    /** The tiles {@link #encode} cuts a {@code width x height} image into, or null when it encodes it whole. */
    public SamTiling tilingFor(int width, int height) {
        return Math.max(width, height) > TILE_ABOVE * manifest.inputSize()
                ? SamTiling.forModel(manifest.inputSize(), manifest.embeddingSize()) : null;
    }

    /**
     * Encodes {@code image} tile by tile at its own scale and stitches the tiles' embedding cells into one grid
     * (one cell per {@code cellSize} pixels). Only two tiles' tensors and one embedding exist at a time, so
     * memory beyond the image and the grid does not grow with the image.
     */
    public FeatureGrid encodeTiled(RasterImage image, SamTiling tiling, Progress progress, CancelToken cancel) {
        TileStitcher stitcher = new TileStitcher(tiling, manifest.embeddingChannels(), manifest.embeddingSize(), image.width(), image.height());
        forEachTile(image, tiling, progress, cancel, (i, j, x0, y0, embedding) -> stitcher.add(i, j, embedding));
        return stitcher.grid();
    }

    /**
     * Encodes {@code image} tile by tile, as {@link #encodeTiled}, and keeps every tile's embedding: what the decoder
     * modes need on a large image (each prompt is decoded on its tile); its feature grid is the same stitched grid.
     */
    public TiledEmbedding embedTiles(RasterImage image, SamTiling tiling, Progress progress, CancelToken cancel) {
        int columns = tiling.origins(image.width()).length;
        SamEmbedding[] tiles = new SamEmbedding[tiling.tileCount(image.width(), image.height())];
        forEachTile(image, tiling, progress, cancel, (i, j, x0, y0, embedding) -> {
            float[] values = new float[embedding.capacity()];
            embedding.get(0, values);
            int w = Math.min(tiling.tileSize(), image.width() - x0), h = Math.min(tiling.tileSize(), image.height() - y0);
            tiles[j * columns + i] = new SamEmbedding(values, manifest.embeddingChannels(), manifest.embeddingSize(),
                    new SamFrame(w, h, w, h, manifest.inputSize()), id);
        });
        return TiledEmbedding.tiled(image.width(), image.height(), tiling, tiles);
    }

    /** Receives each tile's embedding [C, E, E] in the reused output buffer (valid until the call returns). */
    private interface TileSink {
        void accept(int i, int j, int originX, int originY, FloatBuffer embedding);
    }

    /**
     * Runs the encoder on every tile, row after row. Each tile is prepared straight into a reused input tensor
     * (the next one on a helper thread while the session runs the current one), and its embedding is read
     * straight from the reused output tensor.
     */
    private void forEachTile(RasterImage image, SamTiling tiling, Progress progress, CancelToken cancel, TileSink sink) {
        if (tiling.cellSize() * manifest.embeddingSize() != manifest.inputSize()) {
            throw new IllegalArgumentException("cell size " + tiling.cellSize() + " is not this model's " + manifest.inputSize() / manifest.embeddingSize());
        }
        int[] ox = tiling.origins(image.width()), oy = tiling.origins(image.height());
        SamPreprocessor.ByteMapping bytes = SamPreprocessor.ByteMapping.of(image, progress);
        int total = ox.length * oy.length, size = tiling.tileSize();
        ExecutorService preparer = Executors.newSingleThreadExecutor(SamEncoder::preparerThread);
        try (DirectTensor first = inputTensor(); DirectTensor second = inputTensor(); DirectTensor out = outputTensor()) {
            DirectTensor[] inputs = {first, second};
            preprocessor.prepareTileInto(image, bytes, ox[0], oy[0], size, size, first.buffer());
            for (int t = 0; t < total; t++) {
                cancel.throwIfCancelled();
                progress.report("SAM encoder, tile " + (t + 1) + "/" + total, 0.1 + 0.9 * t / total);
                FutureTask<Void> next = null;
                if (t + 1 < total) {
                    int ni = (t + 1) % ox.length, nj = (t + 1) / ox.length;
                    FloatBuffer target = inputs[(t + 1) % 2].buffer();
                    next = new FutureTask<>(() -> preprocessor.prepareTileInto(image, bytes, ox[ni], oy[nj], size, size, target), null);
                    preparer.execute(next);
                }
                runInto(inputs[t % 2], out);
                int i = t % ox.length, j = t / ox.length;
                sink.accept(i, j, ox[i], oy[j], out.buffer());
                if (next != null) {
                    // On a busy machine the helper may not have been scheduled yet: then this thread prepares the
                    // tile itself (a task runs once), instead of waiting for the helper to get a core.
                    next.run();
                    await(next);
                }
            }
        } finally {
            preparer.shutdownNow();
        }
        progress.report("SAM encoder", 1.0);
    }

    private static Thread preparerThread(Runnable task) {
        Thread thread = new Thread(task, "SAM tile preparation");
        thread.setDaemon(true);
        return thread;
    }

    private static void await(Future<?> preparation) {
        try {
            preparation.get();
        } catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(ex.getCause());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new CancelToken.CancelledException();
        }
    }

    private DirectTensor inputTensor() {
        long s = manifest.inputSize();
        return DirectTensor.allocate(1, 3, s, s);
    }

    private DirectTensor outputTensor() {
        return DirectTensor.allocate(expectedEmbeddingShape());
    }

    /** Preprocesses and encodes one image. */
    public SamEmbedding embed(RasterImage image, Progress progress, CancelToken cancel) {
        cancel.throwIfCancelled();
        progress.report("prepare image for SAM", 0.0);
        try (DirectTensor input = inputTensor(); DirectTensor out = outputTensor()) {
            SamFrame frame = preprocessor.prepareInto(image, progress, input.buffer());
            cancel.throwIfCancelled();
            progress.report("SAM encoder", 0.1);
            runInto(input, out);
            float[] values = new float[out.buffer().capacity()];
            out.buffer().get(0, values);
            progress.report("SAM encoder", 1.0);
            return new SamEmbedding(values, manifest.embeddingChannels(), manifest.embeddingSize(), frame, id);
        }
    }

    /** One session run from a prepared input tensor into a pinned output tensor of the manifest's shape. */
    private void runInto(DirectTensor input, DirectTensor output) {
        try (OrtSession.Result result = session.run(Map.of(manifest.encoderInput(), input.tensor()),
                Map.of(manifest.encoderOutput(), output.tensor()))) {
            // The output is written into the pinned tensor, which the result does not own.
        } catch (OrtException ex) {
            throw new SparseSamException("The SAM encoder of " + manifest.name() + " failed (" + ex.getMessage()
                    + "): if this repeats, try --device cpu or re-export the package.", ex);
        }
    }

    /** Encodes an already prepared input: the session run and nothing else (what bench calls "raw"). */
    public SamEmbedding embed(SamInput input) {
        return new SamEmbedding(run(input), manifest.embeddingChannels(), manifest.embeddingSize(), input.frame(), id);
    }

    /** One session run: the embedding's values, channel after channel. */
    private float[] run(SamInput input) {
        long s = manifest.inputSize();
        long[] shape = {1, 3, s, s};
        try (OnnxTensor tensor = OnnxTensor.createTensor(OrtSessions.environment(), FloatBuffer.wrap(input.tensor()), shape);
             OrtSession.Result result = session.run(Map.of(manifest.encoderInput(), tensor))) {
            OnnxValue value = result.get(manifest.encoderOutput()).orElseThrow();
            OnnxTensor out = (OnnxTensor) value;
            long[] got = out.getInfo().getShape();
            if (!Arrays.equals(got, expectedEmbeddingShape())) {
                throw new SparseSamException("The SAM encoder of " + manifest.name() + " produced an embedding of shape "
                        + Arrays.toString(got) + " but its model.json says " + Arrays.toString(expectedEmbeddingShape())
                        + ": fix embedding_shape in model.json or re-export the package.");
            }
            FloatBuffer buffer = out.getFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return values;
        } catch (OrtException e) {
            throw new SparseSamException("The SAM encoder of " + manifest.name() + " failed (" + e.getMessage()
                    + "): if this repeats, try --device cpu or re-export the package.", e);
        }
    }

    /**
     * The bare {@code session.run} on a tensor made once from {@code input} ({@link BareRun}), repeated {@code runs}
     * times (one per tile of the image), with the output tensor the pipeline would pin.
     */
    public RawRun rawRun(SamInput input, int runs) {
        long s = manifest.inputSize();
        BareRun bare = new BareRun(session, manifest.encoderInput(), input.tensor(), new long[] {1, 3, s, s},
                "SAM encoder of " + manifest.name(), runs);
        return new RawRun(bare, outputTensor());
    }

    /** Bare runs, and the same runs into a preallocated output tensor; close it. */
    public final class RawRun implements AutoCloseable {
        private final BareRun bare;
        private final DirectTensor pinnedOutput;

        private RawRun(BareRun bare, DirectTensor pinnedOutput) {
            this.bare = bare;
            this.pinnedOutput = pinnedOutput;
        }

        public void run() {
            bare.run();
        }

        /** The runs into a preallocated output tensor, as the pipeline runs ({@link BareRun#runInto}). */
        public void runPinned() {
            bare.runInto(manifest.encoderOutput(), pinnedOutput.tensor());
        }

        @Override
        public void close() {
            bare.close();
            pinnedOutput.close();
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            session.close();
        } catch (OrtException e) {
            // Closing only frees native memory; nothing the user could act on.
        }
    }
}
