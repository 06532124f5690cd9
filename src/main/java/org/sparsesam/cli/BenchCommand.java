package org.sparsesam.cli;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.MemoryEstimate;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.Encoder;
import org.sparsesam.core.encode.BuiltinEncoder;
import org.sparsesam.core.encode.EncoderFactory;
import org.sparsesam.core.encode.histology.HistologyEncoder;
import org.sparsesam.core.encode.sam.SamModel;
import org.sparsesam.core.eval.Segmenter;
import org.sparsesam.core.eval.SyntheticTissue;
import org.sparsesam.core.eval.SyntheticTissueSource;
import org.sparsesam.core.tile.TiledSegmentation;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.prompt.ClickSimulator;
import org.sparsesam.core.prompt.ClickSimulator.ClickCounts;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.core.prompt.PointsCsv;
import org.sparsesam.ij.ImageConversion;
import org.sparsesam.ij.RoiConversion;
import org.sparsesam.ij.ImageFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: how long each stage takes (median over repeats after a warm-up), how fast a re-segment after one
 * more click is with the embedding cached, the peak heap, and with {@code --scaling} how time and memory grow
 * with image size. Numbers go to stdout only.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the speed and memory of each stage on an image (a generated one by default).")
public final class BenchCommand implements Callable<Integer> {
    static final int DEFAULT_SIZE = 1024;

    @Spec
    CommandSpec spec;

    @Option(names = "--image", paramLabel = "FILE", description = "Image to measure on (default: a generated 1024x1024 H&E-like image).")
    Path image;

    @Option(names = "--points", paramLabel = "FILE",
            description = "Clicks (x,y,label CSV) for --image; the last one is held back and added for the update measurement.")
    Path points;

    /** The method's options, as for segment (--encoder, --tune, ...), so every mode can be timed. */
    @picocli.CommandLine.Mixin SegmentOptionsMixin method = new SegmentOptionsMixin();

    @Option(names = "--repeats", defaultValue = "5", description = "Measured repeats after one warm-up (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--scaling", description = "Also measure generated images of 512, 1024, 2048 (up to --scaling-max) pixels square;"
            + " those larger than one tile are segmented in tiles, read from a generator rather than held.")
    boolean scaling;

    @Option(names = "--scaling-max", defaultValue = "2048", paramLabel = "PIXELS",
            description = "Largest side for --scaling, e.g. 16384 (default: ${DEFAULT-VALUE}).")
    int scalingMax;

    @Option(names = "--scaling-min", defaultValue = "512", paramLabel = "PIXELS",
            description = "Smallest side for --scaling, e.g. 16384 to measure one large size alone (default: ${DEFAULT-VALUE}).")
    int scalingMin;

    @Option(names = "--compare-encoder", paramLabel = "NAME",
            description = "With the learned encoder (the default): also encode the image with this encoder (a SAM package folder or zip,"
                    + " an installed model's name, handmade) in the same rounds and print learned encode / its encode.")
    String compareEncoder;

    /** Opens a fresh segmenter (empty embedding cache) for one repeat. */
    interface Session extends Segmenter, AutoCloseable {
        @Override
        void close();
    }

    private final Function<SegmentOptions, Session> sessionOverride;

    public BenchCommand() {
        this(null);
    }

    /** For tests: measure a given segmenter instead of building a SparseSam. */
    BenchCommand(Function<SegmentOptions, Session> sessionOverride) {
        this.sessionOverride = sessionOverride;
    }

    /** What one measured run of an image gives. */
    private record Workload(String description, ImagePlus imagePlus, List<Point> clicks, Point extraClick) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (repeats < 1) {
                throw new SparseSamException("--repeats is " + repeats + ": use 1 or more.");
            }
            SegmentOptions options = method.toOptions();
            if (compareEncoder != null && !EncoderFactory.isShippedLearned(options.encoder())) {
                throw new SparseSamException("--compare-encoder times the learned encoder against another, but --encoder is '"
                        + options.encoder() + "': leave --encoder out (or give builtin).");
            }
            Workload workload = image != null ? fromFile(image, points) : synthetic(DEFAULT_SIZE);
            double update = benchStages(workload, options, out);
            benchEncoder(workload, options, update, out, err);
            if (scaling) {
                benchTiledScaling(options, out);
            }
            return 0;
        } catch (CancelToken.CancelledException e) {
            err.println(e.getMessage());
            return 130;
        } catch (SparseSamException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Returns the median time of the re-segmentation after one more click. */
    private double benchStages(Workload w, SegmentOptions options, PrintWriter out) {
        ImagePlus imp = w.imagePlus();
        double megapixels = imp.getWidth() * (double) imp.getHeight() / 1e6;
        out.printf(Locale.ROOT, "bench: %s, %dx%d (%.2f MP), encoder %s, %d clicks (+1 for the update), median of %d after 1 warm-up%n",
                w.description(), imp.getWidth(), imp.getHeight(), megapixels, options.encoder(), w.clicks().size(), repeats);
        BenchStats stats = new BenchStats();
        BenchStats.HeapPeaks peaks = new BenchStats.HeapPeaks();
        for (int r = -1; r < repeats; r++) {
            BenchStats target = r < 0 ? new BenchStats() : stats;
            double baseline = BenchStats.resetPeakHeap();
            boolean measured = r >= 0;
            // The peak covers encoding, segmenting and the first update (the state kept for live clicks is made by
            // then); the live clicks after it only add short-lived garbage, whose peak is the collector's choice.
            measureOnce(w, options, target, () -> {
                if (measured) {
                    peaks.record(baseline);
                }
            });
        }
        out.printf(Locale.ROOT, "%-32s %10s%n", "stage", "median ms");
        for (String stage : stats.stages()) {
            out.printf(Locale.ROOT, "%-32s %10.1f%n", stage, stats.median(stage));
        }
        double encode = stats.median("segment: encode");
        double update = stats.median("update total");
        out.printf(Locale.ROOT, "update/encode %.3f (update after one more click %.1f ms, median of %d clicks a round added while"
                + " clicking on, encode %.1f ms; the first update after encoding took %.1f ms, a click removed %.1f ms)%n",
                update / encode, update, LIVE_CLICKS, encode, stats.median("first update total"), stats.median("click removed total"));
        out.printf(Locale.ROOT, "peak heap %.1f MB, %.1f MB above the heap before the run (%.1f MB per megapixel)%n",
                peaks.peakMb, peaks.addedMb, peaks.addedMb / megapixels);
        double resident = BenchStats.peakResidentMegabytes();
        if (!Double.isNaN(resident)) {
            out.printf(Locale.ROOT, "peak resident memory of the process %.1f MB (heap plus native memory: ONNX Runtime, PyTorch)%n", resident);
        }
        return update;
    }

    /** For a SAM package or the learned encoder: our encode against the bare session run ({@link EncoderBench}). */
    private void benchEncoder(Workload w, SegmentOptions options, double update, PrintWriter out, PrintWriter err) {
        if (sessionOverride != null) {
            return;
        }
        RasterImage raster = ImageConversion.toRaster(w.imagePlus());
        try (Encoder encoder = EncoderFactory.create(options, new NotesProgress(err))) {
            if (encoder instanceof SamModel sam) {
                EncoderBench.run(sam.encoder(), raster, repeats, out);
            } else if (encoder instanceof HistologyEncoder learned) {
                try (Encoder compare = compareEncoder == null ? null
                        : EncoderFactory.create(options.toBuilder().encoder(compareEncoder).build(), new NotesProgress(err))) {
                    EncoderBench.runLearned(learned, compare, raster, repeats, out);
                }
            } else {
                return;
            }
            out.printf(Locale.ROOT, "click update with the cached embedding %.1f ms (segment again after one more click, no encoding)%n", update);
        }
    }

    /**
     * One cold run: convert, segment with a fresh encoder, convert the result, re-segment with one more click, then click
     * on as in live mode.
     */
    private void measureOnce(Workload w, SegmentOptions options, BenchStats stats, Runnable afterFirstUpdate) {
        long t = System.nanoTime();
        RasterImage raster = ImageConversion.toRaster(w.imagePlus());
        stats.add("convert image", BenchStats.millisSince(t));
        t = System.nanoTime();
        try (Session session = openSession(options)) {
            stats.add("create encoder", BenchStats.millisSince(t));
            t = System.nanoTime();
            SegmentResult result = session.segment(raster, w.clicks(), Progress.NONE, CancelToken.none());
            double total = BenchStats.millisSince(t);
            stats.addAll(result.stageMillis(), "segment: ");
            stats.add("segment total", total);
            t = System.nanoTime();
            ImageConversion.labelsToImage(result.labels(), "labels");
            stats.add("labels to image", BenchStats.millisSince(t));
            t = System.nanoTime();
            RoiConversion.labelsToRois(result.labels(), "bench");
            stats.add("rois", BenchStats.millisSince(t));
            List<Point> more = new ArrayList<>(w.clicks());
            more.add(w.extraClick());
            t = System.nanoTime();
            session.segment(raster, more, Progress.NONE, CancelToken.none());
            stats.add("first update total", BenchStats.millisSince(t));
            afterFirstUpdate.run();
            // Live clicking: the held-back click added at new places (each a new prototype) and taken back, in turn.
            for (int k = 1; k <= LIVE_CLICKS; k++) {
                List<Point> moved = new ArrayList<>(w.clicks());
                moved.add(nearby(w.extraClick(), k, raster.width(), raster.height()));
                t = System.nanoTime();
                SegmentResult updated = session.segment(raster, moved, Progress.NONE, CancelToken.none());
                double updateTotal = BenchStats.millisSince(t);
                stats.addAll(updated.stageMillis(), "update: ");
                stats.add("update total", updateTotal);
                t = System.nanoTime();
                session.segment(raster, w.clicks(), Progress.NONE, CancelToken.none());
                stats.add("click removed total", BenchStats.millisSince(t));
            }
        }
    }

    /** Clicks added (and removed) after the first update in each round, as a user clicking in live mode does. */
    static final int LIVE_CLICKS = 4;

    /** {@code click} moved 3k px along x (back the other way near the right edge): another cell, so another prototype. */
    static Point nearby(Point click, int k, int width, int height) {
        double x = click.x() + 3 * k < width ? click.x() + 3 * k : Math.max(0, click.x() - 3 * k);
        return new Point(x, Math.min(height - 1, click.y()), click.label());
    }

    /**
     * Scaling of the real pipeline on generated tissue read a tile at a time ({@link SyntheticTissueSource}), so that
     * no input buffer is measured: images up to one tile are segmented whole (input read into memory, as a user's
     * image would be), larger ones in tiles with the objects counted rather than assembled into a whole-image label
     * image (which would add 8 bytes a pixel). Sizes up to 2048 get the repeats; larger ones one run each.
     */
    private void benchTiledScaling(SegmentOptions options, PrintWriter out) {
        out.printf(Locale.ROOT, "%nscaling (generated tissue read tile by tile, 5+5 clicks; images larger than one tile are tiled and their"
                + " objects counted, not assembled; median of %d after 1 warm-up up to 2048, then 1 run; est = MemoryEstimate's peak)%n", repeats);
        out.printf(Locale.ROOT, "%-13s %7s %6s %8s %11s %9s %9s %9s %9s%n", "size", "MP", "tiles", "objects", "total ms", "ms/MP",
                "peak MB", "added MB", "est MB");
        for (int side = Math.max(1, scalingMin); side <= scalingMax; side *= 2) {
            double mp = side * (double) side / 1e6;
            SyntheticTissueSource source = new SyntheticTissueSource(side, side, 1);
            List<Point> clicks = source.clicks(5, 5);
            List<Double> totals = new ArrayList<>();
            BenchStats.HeapPeaks peaks = new BenchStats.HeapPeaks();
            int tiles = 1;
            long objects = 0;
            int runs = side <= 2048 ? repeats : 1;
            try {
                for (int r = side <= 2048 ? -1 : 0; r < runs; r++) {
                    double baseline = BenchStats.resetPeakHeap();
                    double millis;
                    if (side <= tileSide(options)) {
                        RasterImage whole = source.read(0, 0, side, side);
                        try (Session session = openSession(options)) {
                            long t = System.nanoTime();
                            objects = session.segment(whole, clicks, Progress.NONE, CancelToken.none()).count();
                            millis = BenchStats.millisSince(t);
                        }
                    } else {
                        try (SparseSam sam = new SparseSam(options, EncoderFactory.create(options, Progress.NONE))) {
                            long t = System.nanoTime();
                            long[] count = {0};
                            TiledSegmentation.Summary summary = sam.segmentTiles(source, clicks,
                                    (tile, labels, probability, instances) -> count[0] += instances.size(), Progress.NONE, CancelToken.none());
                            millis = BenchStats.millisSince(t);
                            tiles = summary.layout().tiles().size();
                            objects = count[0];
                        }
                    }
                    if (r >= 0) {
                        totals.add(millis);
                        peaks.record(baseline);
                    }
                }
            } catch (SparseSamException e) {
                out.printf(Locale.ROOT, "%-13s %7.2f refused: %s%n", side + "x" + side, mp, e.getMessage());
                out.flush();
                return;
            }
            double total = BenchStats.median(totals);
            out.printf(Locale.ROOT, "%-13s %7.2f %6d %8d %11.1f %9.1f %9.1f %9.1f %9s%n", side + "x" + side, mp, tiles, objects, total,
                    total / mp, peaks.peakMb, peaks.addedMb, tiledEstimateMegabytes(options, side));
            out.flush();
        }
    }

    private static int tileSide(SegmentOptions options) {
        return options.tileSize() > 0 ? options.tileSize() : SparseSam.DEFAULT_TILE_SIZE;
    }

    private String tiledEstimateMegabytes(SegmentOptions options, int side) {
        if (sessionOverride != null || !options.encoder().equalsIgnoreCase(EncoderFactory.HANDMADE)) {
            return "-";
        }
        long bytes = side <= tileSide(options)
                ? MemoryEstimate.builtin(side, side, true, BuiltinEncoder.channelNames(true).size(), 1, false).peakBytes()
                : MemoryEstimate.tiled(side, side, true, BuiltinEncoder.channelNames(true).size(), 1, tileSide(options), MemoryEstimate.Whole.STREAMED).peakBytes();
        return String.format(Locale.ROOT, "%.0f", bytes / (1024.0 * 1024.0));
    }

    private Session openSession(SegmentOptions options) {
        if (sessionOverride != null) {
            return sessionOverride.apply(options);
        }
        SparseSam sam = new SparseSam(options, EncoderFactory.create(options, Progress.NONE));
        return new Session() {
            @Override
            public SegmentResult segment(RasterImage image, List<Point> points, Progress progress, CancelToken cancel) {
                return sam.segment(image, points, progress, cancel);
            }

            @Override
            public void close() {
                sam.close();
            }
        };
    }

    /** A generated image with clicks simulated from its known nuclei: 5 foreground, 5 background, one more foreground. */
    static Workload synthetic(int side) {
        SyntheticTissue t = SyntheticTissue.nuclei(side, side, 1);
        List<Point> all = new ClickSimulator(ClickSimulator.Protocol.RANDOM, new ClickCounts(6, 5)).simulate(t.labels(), 1).points();
        List<Point> clicks = new ArrayList<>(all);
        Point extra = clicks.remove(5);
        return new Workload("generated image", toImagePlus(t.image()), clicks, extra);
    }

    private static Workload fromFile(Path file, Path pointsFile) {
        if (pointsFile == null) {
            throw new SparseSamException("--image needs --points FILE with clicks for it (x,y,label lines), at least two.");
        }
        List<Point> all;
        try (Reader reader = Files.newBufferedReader(pointsFile)) {
            all = PointsCsv.read(reader, pointsFile.toString());
        } catch (IOException e) {
            throw new SparseSamException("Could not read " + pointsFile + " (" + e.getMessage() + "): check the path.", e);
        }
        if (all.size() < 2) {
            throw new SparseSamException(pointsFile + " holds " + all.size() + " points: give at least two, the last is added later to time an update.");
        }
        List<Point> clicks = new ArrayList<>(all.subList(0, all.size() - 1));
        return new Workload(file.getFileName().toString(), ImageFiles.open(file), clicks, all.get(all.size() - 1));
    }

    private static ImagePlus toImagePlus(RasterImage image) {
        int w = image.width(), h = image.height();
        if (!image.isRgb()) {
            return new ImagePlus("generated", new FloatProcessor(w, h, image.channel(0).data().clone()));
        }
        int[] packed = new int[w * h];
        float[] r = image.channel(0).data(), g = image.channel(1).data(), b = image.channel(2).data();
        for (int i = 0; i < packed.length; i++) {
            packed[i] = (int) r[i] << 16 | (int) g[i] << 8 | (int) b[i];
        }
        return new ImagePlus("generated", new ColorProcessor(w, h, packed));
    }
}
