package org.sparsesam.core.prompt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.instance.LabelImage;

/**
 * Simulates a user's clicks from ground truth, so that evaluation needs no human. Deterministic: the same
 * objects, settings and seed give the same points on every machine (SplittableRandom is specified exactly).
 * <p>
 * Objects are the distinct non-zero values of the label image; split binary masks into connected components
 * first (the evaluation runner does). Foreground clicks keep {@code interiorMargin} pixels from their object's
 * border (touching objects and the image edge count as border) so that a click is never ambiguous; objects too
 * thin for that get their most interior pixel. Random background clicks keep {@code backgroundMargin} pixels
 * from every object.
 */
public final class ClickSimulator {
    public static final int DEFAULT_INTERIOR_MARGIN = 3;
    public static final int DEFAULT_BACKGROUND_MARGIN = 5;

    /** How clicks are placed. */
    public enum Protocol {
        /** One click at a uniformly random interior pixel of each of k distinct random objects (thin objects last). */
        RANDOM,
        /** The centres of k distinct random objects, moved to the nearest interior pixel when needed. */
        CENTROID,
        /** Clicks spread over the whole mask (farthest-point sampling); negatives at bounding-box centres outside objects. */
        MASK_DERIVED;

        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Protocol parse(String text) {
            for (Protocol p : values()) {
                if (p.key().equalsIgnoreCase(text.strip())) {
                    return p;
                }
            }
            throw new SparseSamException("Unknown click protocol '" + text + "': use random, centroid or mask-derived.");
        }
    }

    /** How many foreground and background clicks to place, written {@code fg:bg} ("5:5", "5:0" for foreground only). */
    public record ClickCounts(int foreground, int background) {
        public ClickCounts {
            if (foreground < 0 || background < 0 || foreground + background == 0) {
                throw new SparseSamException("Clicks " + foreground + ":" + background
                        + " are not usable: give foreground:background counts, at least one click, e.g. 5:5.");
            }
        }

        public static ClickCounts parse(String text) {
            String[] parts = text.strip().split(":");
            if (parts.length == 2) {
                try {
                    return new ClickCounts(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
                } catch (NumberFormatException e) {
                    // fall through to the message below
                }
            }
            throw new SparseSamException("Clicks '" + text + "' are not fg:bg counts: write e.g. 5:5, or 5:0 for foreground clicks only.");
        }

        @Override
        public String toString() {
            return foreground + ":" + background;
        }
    }

    /** The simulated clicks (foreground first, then background) and what the user should know about them. */
    public record Clicks(List<Point> points, List<String> notes) {
        public Clicks {
            points = List.copyOf(points);
            notes = List.copyOf(notes);
        }

        public long foregroundCount() {
            return points.stream().filter(Point::isForeground).count();
        }

        public long backgroundCount() {
            return points.size() - foregroundCount();
        }
    }

    private final Protocol protocol;
    private final ClickCounts counts;
    private final int interiorMargin;
    private final int backgroundMargin;

    public ClickSimulator(Protocol protocol, ClickCounts counts) {
        this(protocol, counts, DEFAULT_INTERIOR_MARGIN, DEFAULT_BACKGROUND_MARGIN);
    }

    public ClickSimulator(Protocol protocol, ClickCounts counts, int interiorMargin, int backgroundMargin) {
        if (interiorMargin < 0 || backgroundMargin < 0) {
            throw new IllegalArgumentException("margins must not be negative");
        }
        this.protocol = protocol;
        this.counts = counts;
        this.interiorMargin = interiorMargin;
        this.backgroundMargin = backgroundMargin;
    }

    public Clicks simulate(LabelImage objects, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ClickSimulatorObjects found = new ClickSimulatorObjects(objects, interiorMargin);
        List<Point> points = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (counts.foreground() > 0) {
            if (found.count() == 0) {
                notes.add("the mask holds no objects: no foreground clicks placed");
            } else if (protocol == Protocol.MASK_DERIVED) {
                points.addAll(spreadForeground(found, random, notes));
            } else {
                points.addAll(foregroundOnDistinctObjects(found, random, notes));
            }
        }
        if (counts.background() > 0) {
            points.addAll(background(objects, found, random, notes));
        }
        return new Clicks(points, notes);
    }

    private List<Point> foregroundOnDistinctObjects(ClickSimulatorObjects found, SplittableRandom random, List<String> notes) {
        int k = counts.foreground();
        if (found.count() < k) {
            notes.add("only " + found.count() + " objects in the mask: placed " + found.count() + " foreground clicks instead of " + k);
            k = found.count();
        }
        int[] order = shuffledIndices(found.count(), random);
        // A user clicks well-formed objects: slivers (annotation fragments, objects cut by the image edge)
        // are taken only when there are not enough others.
        List<Integer> chosen = new ArrayList<>();
        for (int pass = 0; pass < 2 && chosen.size() < k; pass++) {
            for (int n = 0; n < order.length && chosen.size() < k; n++) {
                if (found.hasInterior(order[n]) == (pass == 0)) {
                    chosen.add(order[n]);
                }
            }
        }
        // Sorting by label makes the point order independent of the shuffle, so files diff cleanly.
        Collections.sort(chosen);
        List<Point> points = new ArrayList<>();
        List<Integer> thin = new ArrayList<>();
        for (int o : chosen) {
            if (!found.hasInterior(o)) {
                thin.add(found.label(o));
            }
            int[] candidates = found.clickable(o);
            int pixel = protocol == Protocol.CENTROID
                    ? nearestTo(candidates, found.centroidX(o), found.centroidY(o), found.width())
                    : candidates[random.nextInt(candidates.length)];
            points.add(Point.fg(pixel % found.width(), pixel / found.width()));
        }
        if (!thin.isEmpty()) {
            notes.add("objects " + thin + " are thinner than twice the " + interiorMargin
                    + " px margin: clicked their most interior pixel");
        }
        return points;
    }

    /** Farthest-point sampling over all clickable pixels: the first at random, each next one farthest from those taken. */
    private List<Point> spreadForeground(ClickSimulatorObjects found, SplittableRandom random, List<String> notes) {
        int[] candidates = found.allClickable();
        int k = Math.min(counts.foreground(), candidates.length);
        int w = found.width();
        double[] nearest = new double[candidates.length];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        List<Point> points = new ArrayList<>();
        int next = random.nextInt(candidates.length);
        for (int n = 0; n < k; n++) {
            int pixel = candidates[next];
            points.add(Point.fg(pixel % w, pixel / w));
            int px = pixel % w, py = pixel / w;
            int farthest = -1;
            for (int c = 0; c < candidates.length; c++) {
                double dx = candidates[c] % w - px, dy = candidates[c] / w - py;
                nearest[c] = Math.min(nearest[c], dx * dx + dy * dy);
                if (farthest < 0 || nearest[c] > nearest[farthest]) {
                    farthest = c;
                }
            }
            next = farthest;
        }
        if (k < counts.foreground()) {
            notes.add("the mask has only " + k + " clickable pixels: placed " + k + " foreground clicks instead of " + counts.foreground());
        }
        return points;
    }

    private List<Point> background(LabelImage objects, ClickSimulatorObjects found, SplittableRandom random, List<String> notes) {
        int w = objects.width();
        int k = counts.background();
        List<Integer> chosen = new ArrayList<>();
        if (protocol == Protocol.MASK_DERIVED) {
            List<Integer> boxCentres = new ArrayList<>();
            Set<Integer> seen = new HashSet<>();
            for (int o = 0; o < found.count(); o++) {
                int centre = found.boundingBoxCentre(o);
                if (objects.data()[centre] == 0 && seen.add(centre)) {
                    boxCentres.add(centre);
                }
            }
            int[] order = shuffledIndices(boxCentres.size(), random);
            for (int n = 0; n < Math.min(k, order.length); n++) {
                chosen.add(boxCentres.get(order[n]));
            }
        }
        if (chosen.size() < k) {
            chosen.addAll(farBackground(objects, k - chosen.size(), new HashSet<>(chosen), random, notes));
        }
        List<Point> points = new ArrayList<>();
        for (int pixel : chosen) {
            points.add(Point.bg(pixel % w, pixel / w));
        }
        return points;
    }

    /** Distinct random background pixels at least backgroundMargin from any object; the farthest ones when too few are. */
    private List<Integer> farBackground(LabelImage objects, int k, Set<Integer> taken, SplittableRandom random, List<String> notes) {
        double[] d2 = ClickSimulatorDistances.toObjectsSquared(objects);
        int[] labels = objects.data();
        double need = (double) backgroundMargin * backgroundMargin;
        int[] far = filter(labels.length, p -> labels[p] == 0 && d2[p] >= need && !taken.contains(p));
        List<Integer> chosen = new ArrayList<>();
        if (far.length >= k) {
            Set<Integer> picked = new HashSet<>();
            while (chosen.size() < k) {
                int p = far[random.nextInt(far.length)];
                if (picked.add(p)) {
                    chosen.add(p);
                }
            }
            Collections.sort(chosen);
            return chosen;
        }
        for (int p : far) {
            chosen.add(p);
        }
        // Too little clear background: take the remaining background pixels farthest from the objects.
        Integer[] rest = Arrays.stream(filter(labels.length, p -> labels[p] == 0 && d2[p] < need && !taken.contains(p)))
                .boxed().toArray(Integer[]::new);
        Arrays.sort(rest, (a, b) -> d2[a] != d2[b] ? Double.compare(d2[b], d2[a]) : Integer.compare(a, b));
        for (int n = 0; n < rest.length && chosen.size() < k; n++) {
            chosen.add(rest[n]);
        }
        if (chosen.size() < k) {
            notes.add("only " + chosen.size() + " background pixels: placed " + chosen.size() + " background clicks instead of " + k);
        } else {
            notes.add("little background lies " + backgroundMargin + " px from every object: some background clicks are closer");
        }
        Collections.sort(chosen);
        return chosen;
    }

    private static int nearestTo(int[] candidates, double cx, double cy, int w) {
        int best = candidates[0];
        double bestD = Double.POSITIVE_INFINITY;
        for (int p : candidates) {
            double dx = p % w - cx, dy = p / w - cy;
            double d = dx * dx + dy * dy;
            if (d < bestD) {
                bestD = d;
                best = p;
            }
        }
        return best;
    }

    private static int[] shuffledIndices(int n, SplittableRandom random) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    private static int[] filter(int n, java.util.function.IntPredicate keep) {
        return java.util.stream.IntStream.range(0, n).filter(keep).toArray();
    }
}
