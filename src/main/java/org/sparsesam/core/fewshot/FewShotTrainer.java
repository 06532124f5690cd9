package org.sparsesam.core.fewshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.FeatureGrid;
import org.sparsesam.core.eval.Metrics;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.core.similarity.Prototypes;
import org.sparsesam.core.similarity.SphericalKMeans;
import org.sparsesam.core.similarity.StainPrior;
import org.sparsesam.core.tune.FeatureStandardization;
import org.sparsesam.core.tune.Head;
import org.sparsesam.core.tune.HeadFit;
import org.sparsesam.core.tune.HeadTrainer;
import org.sparsesam.core.tune.LabelledGrid;
import org.sparsesam.core.tune.PseudoLabel;
import org.sparsesam.core.tune.TuneOptions;

/**
 * Learns a {@link FewShotModel} from annotated images and their (already encoded) feature grids. What every
 * kind learns: the stain prior candidate that agrees best with the masks (Dice, averaged over images; the
 * click-free choice that clicks can only guess at) and the objects' typical radius. Then, by kind:
 * prototypes by spherical k-means of neighbourhood features sampled inside objects and inside background,
 * or a head trained by {@link HeadTrainer} on all images' cells with the masks as targets.
 */
public final class FewShotTrainer {
    /** Separates the per-image sampling streams from the k-means and head-initialisation streams. */
    private static final long SAMPLE_SALT = 0x5851F42D4C957F2DL;
    private static final int KMEANS_ITERATIONS = 30;

    private final FewShotSettings settings;

    public FewShotTrainer(FewShotSettings settings) {
        this.settings = settings;
    }

    public FewShotModel train(List<AnnotatedImage> images, List<FeatureGrid> grids, String encoderId, String encoderChecksum,
                              String dataset, Progress progress, CancelToken cancel) {
        if (images.isEmpty()) {
            throw new SparseSamException("No annotated images to train on: give at least one image with its mask.");
        }
        if (images.size() != grids.size()) {
            throw new IllegalArgumentException(images.size() + " images but " + grids.size() + " feature grids");
        }
        int channels = grids.get(0).channelCount();
        for (int i = 0; i < grids.size(); i++) {
            if (grids.get(i).channelCount() != channels) {
                throw new SparseSamException("The training images do not all give the same features (" + images.get(i).name()
                        + " gives " + grids.get(i).channelCount() + " channels, " + images.get(0).name() + " gives " + channels
                        + "): train on images of one kind, all RGB or all grey.");
            }
            if (isEmpty(images.get(i).objects())) {
                throw new SparseSamException("The mask of " + images.get(i).name() + " holds no objects: annotate at least one"
                        + " structure in every training image, or leave that image out.");
            }
        }
        progress.report("stain prior", 0.0);
        String stain = bestStain(images);
        double radius = ObjectRadius.median(images.stream().map(AnnotatedImage::objects).toList());
        cancel.throwIfCancelled();
        List<String> names = images.stream().map(AnnotatedImage::name).toList();
        if (settings.kind() == FewShotKind.PROTOTYPES) {
            progress.report("prototypes", 0.3);
            Prototypes prototypes = prototypes(images, grids);
            return new FewShotModel(settings.kind(), encoderId, encoderChecksum, channels, prototypes, null, stain, radius,
                    names, dataset, settings, Double.NaN, List.of());
        }
        HeadWeights head = head(images, grids, progress, cancel);
        return new FewShotModel(settings.kind(), encoderId, encoderChecksum, channels, null, head, stain, radius,
                names, dataset, settings, Double.NaN, List.of());
    }

    /**
     * The finest-scale candidate whose Otsu foreground has the best mean Dice with the masks; ties to the earlier
     * candidate. Only the finest scale competes: pixel Dice against the masks rewards coarser smoothing that
     * merges neighbouring objects (measured with 4 shots: MoNuSeg AJI 0.42 fell to 0.35, and GlaS Dice fell too,
     * when every scale competed); the prototypes carry what the scale would add.
     */
    static String bestStain(List<AnnotatedImage> images) {
        List<String> names = null;
        double[] dice = null;
        for (AnnotatedImage a : images) {
            List<StainPrior> all = StainPrior.candidates(a.image(), List.of());
            double finest = all.stream().mapToDouble(c -> c.candidate().sigma()).min().orElse(0);
            List<StainPrior> candidates = all.stream().filter(c -> c.candidate().sigma() == finest).toList();
            if (names == null) {
                names = candidates.stream().map(StainPrior::name).toList();
                dice = new double[names.size()];
            } else if (!names.equals(candidates.stream().map(StainPrior::name).toList())) {
                throw new SparseSamException("The training images mix RGB and grey images (" + a.name()
                        + " differs from the first): train on images of one kind.");
            }
            boolean[] truth = a.objects().mask();
            for (int c = 0; c < candidates.size(); c++) {
                dice[c] += Metrics.dice(candidates.get(c).foreground(), truth);
            }
        }
        int best = 0;
        for (int c = 1; c < dice.length; c++) {
            if (dice[c] > dice[best] + 1e-9) {
                best = c;
            }
        }
        return names.get(best);
    }

    private Prototypes prototypes(List<AnnotatedImage> images, List<FeatureGrid> grids) {
        List<float[]> fg = new ArrayList<>(), bg = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            FeatureGrid grid = grids.get(i);
            float[] fraction = foregroundFraction(images.get(i).objects(), grid);
            Random random = new Random(settings.seed() ^ SAMPLE_SALT ^ (31L * i));
            List<Point> points = new ArrayList<>();
            points.addAll(sample(grid, interior(fraction, grid, true), true, random));
            points.addAll(sample(grid, interior(fraction, grid, false), false, random));
            Prototypes sampled = Prototypes.fromClicks(grid, points);
            fg.addAll(sampled.foreground());
            bg.addAll(sampled.background());
        }
        if (fg.isEmpty()) {
            throw new SparseSamException("The training masks leave no object interior to learn from (the objects are"
                    + " smaller than the encoder's cells): annotate larger structures or use a finer encoder.");
        }
        List<float[]> fgCentres = SphericalKMeans.cluster(fg, settings.prototypesPerClass(), KMEANS_ITERATIONS, settings.seed());
        List<float[]> bgCentres = SphericalKMeans.cluster(bg, settings.prototypesPerClass(), KMEANS_ITERATIONS, settings.seed() + 1);
        return new Prototypes(fgCentres, bgCentres);
    }

    /** Up to samplesPerImage of {@code cells}, drawn without replacement, as clicks at the cells' centres. */
    private List<Point> sample(FeatureGrid grid, int[] cells, boolean foreground, Random random) {
        int n = Math.min(cells.length, settings.samplesPerImage());
        int[] pool = cells.clone();
        List<Point> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int j = k + random.nextInt(pool.length - k);
            int t = pool[k];
            pool[k] = pool[j];
            pool[j] = t;
            int gx = pool[k] % grid.gridWidth(), gy = pool[k] / grid.gridWidth();
            double x = Math.min(grid.imageWidth() - 1, (gx + 0.5) * grid.stride() - 0.5);
            double y = Math.min(grid.imageHeight() - 1, (gy + 0.5) * grid.stride() - 0.5);
            out.add(foreground ? Point.fg(x, y) : Point.bg(x, y));
        }
        return out;
    }

    /**
     * Cells of one class whose whole 5x5 neighbourhood is of that class: a sampled prototype (a click's
     * neighbourhood mean) then describes the class, not a mixture across a boundary, as real clicks do.
     */
    private static int[] interior(float[] fraction, FeatureGrid grid, boolean foreground) {
        int w = grid.gridWidth(), h = grid.gridHeight(), r = 2;
        List<Integer> cells = new ArrayList<>();
        for (int y = r; y < h - r; y++) {
            for (int x = r; x < w - r; x++) {
                boolean all = true;
                for (int dy = -r; dy <= r && all; dy++) {
                    for (int dx = -r; dx <= r && all; dx++) {
                        float f = fraction[(y + dy) * w + x + dx];
                        all = foreground ? f >= 1f : f <= 0f;
                    }
                }
                if (all) {
                    cells.add(y * w + x);
                }
            }
        }
        return cells.stream().mapToInt(Integer::intValue).toArray();
    }

    private HeadWeights head(List<AnnotatedImage> images, List<FeatureGrid> grids, Progress progress, CancelToken cancel) {
        TuneOptions options = TuneOptions.builder().head(settings.kind().head()).iterations(settings.iterations())
                .seed(settings.seed())
                .learningRate(settings.learningRate() > 0 ? settings.learningRate() : settings.kind().learningRate()).build();
        FeatureStandardization standardization = FeatureStandardization.pooled(grids);
        List<LabelledGrid> labelled = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            labelled.add(new LabelledGrid(grids.get(i), maskLabel(images.get(i).objects(), grids.get(i))));
        }
        Head initial = options.head().create(standardization, options, new Random(options.seed()));
        HeadFit fit = new HeadTrainer(options).train(initial, labelled, (stage, fraction) -> progress.report(stage, 0.1 + 0.9 * fraction), cancel);
        progress.note(String.format(java.util.Locale.ROOT, "trained %s head on %d images: kept iteration %d of %d (IoU %.3f on training cells)",
                settings.kind().key(), images.size(), fit.bestIteration(), fit.log().size(), fit.bestIou()));
        return HeadWeights.of(options.head(), options, standardization, fit.head());
    }

    /** Every cell is a target: foreground where most of its pixels are, weight 1. */
    static PseudoLabel maskLabel(LabelImage objects, FeatureGrid grid) {
        float[] fraction = foregroundFraction(objects, grid);
        float[] target = new float[fraction.length];
        float[] weight = new float[fraction.length];
        for (int i = 0; i < fraction.length; i++) {
            target[i] = fraction[i] >= 0.5f ? 1 : 0;
            weight[i] = 1;
        }
        return PseudoLabel.of(grid.gridWidth(), grid.gridHeight(), target, weight);
    }

    /** Fraction of each grid cell's pixels that lie in an object. */
    static float[] foregroundFraction(LabelImage objects, FeatureGrid grid) {
        int w = grid.gridWidth(), h = grid.gridHeight(), s = grid.stride();
        float[] sum = new float[w * h];
        float[] count = new float[w * h];
        int[] l = objects.data();
        for (int y = 0; y < objects.height(); y++) {
            int gy = Math.min(h - 1, y / s);
            for (int x = 0; x < objects.width(); x++) {
                int cell = gy * w + Math.min(w - 1, x / s);
                count[cell]++;
                if (l[y * objects.width() + x] != 0) {
                    sum[cell]++;
                }
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] = count[i] > 0 ? sum[i] / count[i] : 0;
        }
        return sum;
    }

    private static boolean isEmpty(LabelImage objects) {
        for (int v : objects.data()) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }
}
