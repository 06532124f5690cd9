package org.sparsesam.core.fewshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.eval.DatasetSource;
import org.sparsesam.core.eval.GroundTruth;
import org.sparsesam.core.eval.GtKind;
import org.sparsesam.core.eval.Metrics;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.LabelImage;

/**
 * Few-shot training from a dataset folder: draw K annotated images, train, and measure the model's Dice on a
 * few other images of the set (the development images), never on the ones it was trained on.
 */
public final class DatasetTraining {
    private DatasetTraining() {}

    /** The items that have a mask, in the source's order. */
    public static List<String> annotatedItems(DatasetSource source) {
        return source.items().stream().filter(source::hasMask).toList();
    }

    /** {@code shots} of {@code items} drawn at random with {@code seed}, in the items' order. */
    public static List<String> draw(List<String> items, int shots, long seed) {
        if (shots < 1) {
            throw new SparseSamException("--shots is " + shots + ": train on 1 or more annotated images.");
        }
        if (shots > items.size()) {
            throw new SparseSamException("--shots is " + shots + " but the dataset has " + items.size()
                    + " annotated images: use at most " + items.size() + ".");
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new Random(seed));
        List<Integer> chosen = new ArrayList<>(order.subList(0, shots));
        chosen.sort(null);
        return chosen.stream().map(items::get).toList();
    }

    /** Instance labels when any of the masks holds several object values, as the evaluation decides. */
    public static GtKind kind(DatasetSource source, List<String> items) {
        for (String item : items) {
            if (source.hasMask(item) && GroundTruth.hasSeveralObjectValues(source.loadMask(item))) {
                return GtKind.INSTANCE;
            }
        }
        return GtKind.BINARY;
    }

    public static AnnotatedImage load(DatasetSource source, String item, GtKind kind) {
        LabelImage mask = source.loadMask(item);
        RasterImage image = source.loadImage(item);
        if (mask.width() != image.width() || mask.height() != image.height()) {
            throw new SparseSamException("The mask of " + item + " is " + mask.width() + "x" + mask.height() + " but the image is "
                    + image.width() + "x" + image.height() + ": give a mask of the image's size.");
        }
        return new AnnotatedImage(item, image, GroundTruth.objects(mask, kind));
    }

    /**
     * Trains on {@code training} and scores up to {@code devCount} other annotated items (the first ones after
     * the training images in a seeded shuffle), recording their mean Dice in the model.
     */
    public static FewShotModel train(SparseSam sam, DatasetSource source, List<String> training, FewShotSettings settings,
                                     int devCount, Progress progress, CancelToken cancel) {
        List<String> annotated = annotatedItems(source);
        GtKind kind = kind(source, annotated);
        List<AnnotatedImage> images = new ArrayList<>();
        for (String item : training) {
            progress.report("reading " + item, 0);
            images.add(load(source, item, kind));
        }
        FewShotModel model = sam.train(images, settings, source.name(), progress, cancel);
        List<String> rest = new ArrayList<>(annotated);
        rest.removeAll(training);
        java.util.Collections.shuffle(rest, new Random(settings.seed() + 1));
        List<String> dev = rest.subList(0, Math.min(devCount, rest.size()));
        if (dev.isEmpty()) {
            return model;
        }
        double sum = 0;
        List<String> scored = new ArrayList<>();
        for (String item : dev) {
            cancel.throwIfCancelled();
            progress.report("development Dice on " + item, 0.95);
            AnnotatedImage a = load(source, item, kind);
            LabelImage predicted = sam.segment(a.image(), List.of(), model, Progress.NONE, cancel).labels();
            sum += Metrics.dice(a.objects().mask(), predicted.mask());
            scored.add(item);
        }
        return model.withDev(sum / scored.size(), scored.stream().sorted().toList());
    }
}
