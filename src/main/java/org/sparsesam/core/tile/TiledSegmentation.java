package org.sparsesam.core.tile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.BuiltinEncoder;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.encode.SimilarityCalibration;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.ImageSource;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.BinaryMask;
import org.sparsesam.core.instance.InstanceInfo;
import org.sparsesam.core.instance.InstanceSplitter;
import org.sparsesam.core.instance.Instances;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.core.instance.ObjectScale;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.core.similarity.InitialMap;
import org.sparsesam.core.similarity.SeamWeight;
import org.sparsesam.core.similarity.StainPrior;
import org.sparsesam.core.similarity.StainScales;

/**
 * The similarity pipeline (built-in features, stain prior, instances) on an image too large to hold its working
 * planes at once, one tile at a time, so that memory is bounded by the tile size whatever the image size.
 *
 * <p>Three steps. (1) {@link WholeImageStatistics}: what depends on the whole image is measured once. (2) The object
 * scale: a window around each foreground click is segmented and the clicked objects measured, as the untiled pipeline
 * does on the whole mask; it sets the smallest object, the watershed's radius and the tiles' overlap. (3) Every tile,
 * its core grown by a margin of the filters' reach plus twice an object's diameter, is segmented, and an object is
 * kept only by the tile whose core holds its centroid and only when it does not touch the tile's edge inside the
 * image (the rule StarDist uses): an object near a core's edge lies whole in that tile, so each object is found
 * exactly once and never cut. Objects much larger than the clicked ones can exceed the margin; such an object is
 * dropped where it touches the tile edge rather than returned cut.
 */
public final class TiledSegmentation {
    /**
     * How far, in pixels, any filter of the pipeline reaches: the built-in encoder's coarsest structure tensor (a
     * 3.5-sigma Gaussian of 8 px for the gradient, then of 16 px for the window: 84 px) and the stain prior's
     * coarsest smoothing (24 px sigma on an 8x pooled plane: about 100 px with the pooling and interpolation).
     */
    public static final int FILTER_REACH = 112;
    /** Cores and margins are multiples of this, and of the feature stride (see {@link TileLayout}). */
    static final int ALIGN = 16;
    /** The first window measured around a click; doubled while the clicked objects do not fit well inside it. */
    static final int FIRST_WINDOW = 512;
    /** The smallest core worth a tile's overlap: below it, most of the work would be overlap. */
    static final int MIN_CORE = 64;
    /** The side of the tiles read for the whole-image statistics. */
    static final int STATISTICS_TILE = 1024;

    private final BuiltinEncoder encoder;
    private final int tileSize;
    private final int minAreaOption;
    private final boolean splitTouching;

    /**
     * @param tileSize      the side of a whole tile (overlap included): the memory is that of an untiled image of this size
     * @param minAreaOption the smallest object in pixels, 0 for automatic (from the clicked objects' size)
     */
    public TiledSegmentation(BuiltinEncoder encoder, int tileSize, int minAreaOption, boolean splitTouching) {
        this.encoder = encoder;
        this.tileSize = tileSize;
        this.minAreaOption = minAreaOption;
        this.splitTouching = splitTouching;
    }

    /** What a tiled run decided, for notes and tests. */
    public record Summary(TileLayout layout, ObjectScale scale, int minArea, StainPrior prior, int statisticsTiles, int instances) {}

    /** Segments {@code source} tile by tile into {@code sink}; clicks are in image coordinates. */
    public Summary run(ImageSource source, List<Point> points, TileSink sink, Progress progress, CancelToken cancel) {
        int align = ALIGN * encoder.stride();
        // statistics need the filters' reach only, not the objects': small tiles waste less on overlap
        TileLayout statisticsLayout = TileLayout.of(source.width(), source.height(), Math.min(tileSize, STATISTICS_TILE), FILTER_REACH, align);
        if (statisticsLayout == null || statisticsLayout.coreSize() < MIN_CORE) {
            throw tooSmall(FILTER_REACH);
        }
        WholeImageStatistics.Result statistics = WholeImageStatistics.measure(source, points, encoder, statisticsLayout,
                (stage, f) -> progress.report(stage, 0.2 * f), cancel);
        ObjectScale scale = objectScale(source, points, statistics, cancel);
        int minArea = minAreaOption > 0 ? minAreaOption : scale.minArea();
        int margin = FILTER_REACH + (int) Math.ceil(4 * scale.radius());
        TileLayout layout = TileLayout.of(source.width(), source.height(), tileSize, margin, align);
        if (layout == null || layout.coreSize() < MIN_CORE) {
            throw tooSmall(margin);
        }
        int kept = 0;
        List<TileLayout.Tile> tiles = layout.tiles();
        for (int t = 0; t < tiles.size(); t++) {
            cancel.throwIfCancelled();
            progress.report(String.format(Locale.ROOT, "tile %d of %d", t + 1, tiles.size()), 0.25 + 0.75 * t / tiles.size());
            TileLayout.Tile tile = tiles.get(t);
            RasterImage image = WholeImageStatistics.read(source, tile);
            FloatPlane probability = probability(image, statistics, cancel);
            BinaryMask mask = BinaryMask.above(probability, 0.5f);
            // Ranged over this tile's objects, not the whole image's: a tile of a slide large enough to need tiling
            // holds hundreds of them, so their stain percentiles are the image's but for the stain's own drift.
            FloatPlane seams = SeamWeight.of(image, statistics.prior().candidate(), mask);
            LabelImage labels = Instances.correctedByBackgroundClicks(scale.toInstances(mask, seams, minArea, splitTouching), mask,
                    inTile(points, tile));
            image = null;
            List<InstanceInfo> instances = keep(tile, layout, labels, probability);
            kept += instances.size();
            sink.accept(tile, labels, probability, instances);
        }
        progress.report("done", 1.0);
        return new Summary(layout, scale, minArea, statistics.prior(), statistics.tilesRead(), kept);
    }

    private SparseSamException tooSmall(int margin) {
        int needed = TileLayout.roundUp(2 * margin + MIN_CORE, 256);
        return new SparseSamException(String.format(Locale.ROOT,
                "Tiles of %d pixels cannot hold the %d-pixel overlap the clicked objects need on each side: use tiles of at least"
                        + " %d pixels (command line: --tile-size %d; macro: tile_size=%d), or crop the image.", tileSize, margin, needed, needed, needed));
    }

    /** The initial map of one tile, with every whole-image statistic taken from {@code statistics}. */
    FloatPlane probability(RasterImage image, WholeImageStatistics.Result statistics, CancelToken cancel) {
        FeatureGrid grid = encoder.encode(image, statistics.features(), Progress.NONE, cancel);
        StainScales.Candidate chosen = statistics.prior().candidate();
        FloatPlane smoothed = StainScales.smoothed(StainScales.stainPlane(image, chosen.stain()), chosen.sigma());
        StainPrior prior = new StainPrior(new StainScales.Candidate(chosen.stain(), chosen.sigma(), smoothed, chosen.polarity(),
                chosen.threshold(), chosen.spread()), statistics.prior().ranking(), statistics.prior().agreement(),
                statistics.prior().margin());
        return InitialMap.compute(image.width(), image.height(), grid, statistics.prototypes(), prior, statistics.foregroundThreshold(),
                SimilarityCalibration.WITH_STAIN_PRIOR)
                .probability();
    }

    /** The clicks in the tile's own coordinates (those outside it fall outside its label image). */
    private static List<Point> inTile(List<Point> points, TileLayout.Tile tile) {
        return points.stream().map(p -> new Point(p.x() - tile.outer().x(), p.y() - tile.outer().y(), p.label())).toList();
    }

    /**
     * The clicked objects' size, measured as the untiled pipeline measures it but on windows around the clicks: a
     * window is trusted for the clicks at least a quarter of its side from its edges inside the image, and grown while
     * the objects found are too large for it to see whole.
     */
    private ObjectScale objectScale(ImageSource source, List<Point> points, WholeImageStatistics.Result statistics, CancelToken cancel) {
        List<Point> foreground = points.stream().filter(Point::isForeground).toList();
        for (int window = Math.min(FIRST_WINDOW, tileSize); ; window = Math.min(2 * window, tileSize)) {
            List<Double> radii = new ArrayList<>();
            BinaryMask firstMask = null;
            List<TileLayout.Rect> measured = new ArrayList<>();
            List<Point> pending = new ArrayList<>(foreground);
            if (pending.isEmpty()) {
                pending.add(Point.fg(source.width() / 2.0, source.height() / 2.0));
            }
            while (!pending.isEmpty()) {
                cancel.throwIfCancelled();
                TileLayout.Rect rect = centred(pending.get(0), window, source);
                RasterImage image = source.read(rect.x(), rect.y(), rect.width(), rect.height());
                BinaryMask mask = BinaryMask.above(probability(image, statistics, cancel), 0.5f);
                if (firstMask == null) {
                    firstMask = mask;
                }
                List<Point> inside = new ArrayList<>();
                for (java.util.Iterator<Point> it = pending.iterator(); it.hasNext(); ) {
                    Point p = it.next();
                    if (trusted(rect, p, window, source)) {
                        inside.add(Point.fg(p.x() - rect.x(), p.y() - rect.y()));
                        it.remove();
                    }
                }
                if (!foreground.isEmpty()) {
                    radii.addAll(ObjectScale.clickRadii(mask, inside));
                }
                measured.add(rect);
            }
            ObjectScale scale = radii.isEmpty()
                    ? new ObjectScale(InstanceSplitter.typicalRadius(firstMask), 0)
                    : ObjectScale.fromRadii(radii);
            boolean fits = 4 * scale.radius() + FILTER_REACH <= window / 4;
            if (fits || window >= tileSize || window >= Math.max(source.width(), source.height())) {
                return scale;
            }
        }
    }

    private static TileLayout.Rect centred(Point p, int window, ImageSource source) {
        int w = Math.min(window, source.width()), h = Math.min(window, source.height());
        int x = (int) Math.round(p.x()) - w / 2, y = (int) Math.round(p.y()) - h / 2;
        x = Math.max(0, Math.min(source.width() - w, x / ALIGN * ALIGN));
        y = Math.max(0, Math.min(source.height() - h, y / ALIGN * ALIGN));
        return new TileLayout.Rect(x, y, w, h);
    }

    /** The click lies at least a quarter window from every edge of the window that is not the image's edge. */
    private static boolean trusted(TileLayout.Rect r, Point p, int window, ImageSource source) {
        double q = window / 4.0;
        return r.contains(p.x(), p.y())
                && (r.x() == 0 || p.x() - r.x() >= q) && (r.y() == 0 || p.y() - r.y() >= q)
                && (r.right() == source.width() || r.right() - p.x() >= q) && (r.bottom() == source.height() || r.bottom() - p.y() >= q);
    }

    /**
     * Keeps the objects whose centroid lies in the tile's core and that touch no edge of the tile inside the image;
     * the others are zeroed in {@code labels} and the kept ones renumbered 1..N. Returns them in image coordinates.
     */
    static List<InstanceInfo> keep(TileLayout.Tile tile, TileLayout layout, LabelImage labels, FloatPlane probability) {
        TileLayout.Rect outer = tile.outer();
        int w = labels.width(), h = labels.height();
        int n = labels.maxLabel();
        boolean[] touches = new boolean[n + 1];
        int[] l = labels.data();
        boolean left = outer.x() > 0, top = outer.y() > 0, right = outer.right() < layout.imageWidth(), bottom = outer.bottom() < layout.imageHeight();
        for (int x = 0; x < w; x++) {
            if (top) {
                touches[l[x]] = true;
            }
            if (bottom) {
                touches[l[(h - 1) * w + x]] = true;
            }
        }
        for (int y = 0; y < h; y++) {
            if (left) {
                touches[l[y * w]] = true;
            }
            if (right) {
                touches[l[y * w + w - 1]] = true;
            }
        }
        int[] newLabel = new int[n + 1];
        List<InstanceInfo> kept = new ArrayList<>();
        for (InstanceInfo info : Instances.describe(labels, probability)) {
            double cx = info.centroidX() + outer.x(), cy = info.centroidY() + outer.y();
            if (!touches[info.label()] && tile.core().contains(cx, cy)) {
                newLabel[info.label()] = kept.size() + 1;
                kept.add(new InstanceInfo(kept.size() + 1, info.area(), cx, cy, info.meanProbability()));
            }
        }
        for (int i = 0; i < l.length; i++) {
            l[i] = newLabel[l[i]];
        }
        return kept;
    }
}
