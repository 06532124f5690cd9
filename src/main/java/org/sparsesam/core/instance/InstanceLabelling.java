package org.sparsesam.core.instance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.prompt.Point;

/**
 * Labels the objects of a mask as {@link ObjectScale#toInstances} defines them (small pieces dropped, touching objects
 * split by {@link InstanceSplitter}, slivers dropped, labels 1..N in raster order), one 8-connected piece of the mask
 * at a time, and remembers each piece: the splitter's peaks, the seeds it took and what they flooded.
 *
 * <p>Why: after one more click only part of the mask changes. The next mask of the same image is compared with the
 * last, and only the pieces that hold or touch a changed pixel are analysed again; a new object scale takes seeds
 * again from the remembered peaks and floods again only where the seeds moved. Pieces cannot influence each other (a
 * pixel's distance to the background is measured to the edge of its own piece, the peaks' union-find and the flood
 * stay inside it), so the labels equal the whole-image computation's; {@code InstanceLabellingTest} compares them.
 *
 * <p>Not thread-safe; one per image being clicked.
 */
public final class InstanceLabelling {
    private int width, height;
    private boolean[] lastMask;
    /** Index into {@link #pieces} of each foreground pixel's piece, -1 on the background. */
    private int[] pieceOf;
    /** Each pixel's object key (0 on the background); keys are renumbered 1..N in raster order on output. */
    private int[] keys;
    private int nextKey = 1;
    /** The flood's queue, kept between calls: one int a pixel. */
    private int[] queue;
    private final List<Piece> pieces = new ArrayList<>();
    private final List<Integer> freeSlots = new ArrayList<>();
    private FloatPlane lastWeight;
    /** The mask {@link #follow} last followed (by identity), and the pieces it made that {@link #label} has not seen. */
    private boolean[] followed;
    private final List<Piece> fresh = new ArrayList<>();
    private boolean lastSplit;
    private SplitParameters lastParameters;
    private int lastMinArea = -1;
    /** Pieces analysed again by the last call (tests check that a click re-analyses only what it changed). */
    private int lastReanalysed;

    /**
     * The objects of {@code mask}: pieces under {@code minArea} pixels dropped, the rest split along the lows of
     * {@code weight} (see {@link InstanceSplitter#split(BinaryMask, FloatPlane, SplitParameters)}) when {@code split},
     * objects under {@code minArea} dropped, labels 1..N in raster order of each object's first pixel.
     * Work is kept only while {@code weight} is the same plane (by identity) and the image keeps its size.
     */
    public LabelImage label(BinaryMask mask, FloatPlane weight, SplitParameters parameters, int minArea, boolean split) {
        return label(mask, weight, parameters, minArea, split, 0f, List.of());
    }

    /**
     * As {@link #label(BinaryMask, FloatPlane, SplitParameters, int, boolean)}, then without the objects where
     * {@code weight} (a map of how central each pixel is in its object) never reaches {@code minCentre}: fragments, not
     * objects. Kept all the same: an object under a foreground click among {@code clicks} (the user said it is one),
     * and every object when more than half of them fall short (then the map does not describe these objects, as a
     * nucleus map does not describe glands clicked at the image's edge). {@code minCentre} 0 keeps all.
     */
    public LabelImage label(BinaryMask mask, FloatPlane weight, SplitParameters parameters, int minArea, boolean split,
                            float minCentre, List<Point> clicks) {
        follow(mask);
        boolean analysesKept = weight == lastWeight && split == lastSplit;
        if (!analysesKept) {
            // the pieces stay (they depend on the mask alone); what was worked out on them does not
            for (Piece piece : pieces) {
                if (piece != null) {
                    piece.forgetAnalysis();
                }
            }
            lastWeight = weight;
            lastSplit = split;
        }
        boolean rethink = !analysesKept || !parameters.equals(lastParameters) || minArea != lastMinArea;
        List<Piece> toDo = (rethink ? pieces : fresh).stream()
                .filter(piece -> piece != null && pieces.get(piece.slot) == piece).toList();
        fresh.clear();
        lastReanalysed = (int) toDo.stream().filter(piece -> split && piece.peaks == null && piece.pixels.length >= minArea).count();
        // Pieces are independent: worked out on all cores (the caller's thread joins in), then written in order.
        toDo.parallelStream().forEach(piece -> objects(piece, weight, parameters, minArea, split));
        for (Piece piece : toDo) {
            write(piece);
        }
        lastParameters = parameters;
        lastMinArea = minArea;
        return inRasterOrder(weight == null ? null : fragments(minCentre, clicks));
    }

    /**
     * Brings the pieces up to {@code mask}: which pieces exist depends on the mask alone, so a caller may do this while
     * it still works out the parameters ({@link #label} then finds it done for the same mask).
     */
    public void follow(BinaryMask mask) {
        int w = mask.width(), h = mask.height();
        if (lastMask == null || w != width || h != height) {
            reset(w, h);
        }
        boolean[] now = mask.data();
        if (now == followed) {
            return;
        }
        fresh.addAll(replacePiecesAround(changedPixels(now), now));
        lastMask = now.clone();
        followed = now;
    }

    /** The keys of the objects {@link #label} leaves out as fragments, or null for none. */
    private boolean[] fragments(float minCentre, List<Point> clicks) {
        if (!(minCentre > 0)) {
            return null;
        }
        boolean[] weak = new boolean[nextKey];
        int objects = 0, weakCount = 0;
        for (Piece piece : pieces) {
            if (piece == null || piece.centres == null) {
                continue;
            }
            for (int j = 1; j < piece.centres.length; j++) {
                if (piece.centres[j] == Float.NEGATIVE_INFINITY) {
                    continue; // dropped for its area, or no such object
                }
                objects++;
                if (!(piece.centres[j] >= minCentre)) {
                    weak[piece.base + j - 1] = true;
                    weakCount++;
                }
            }
        }
        for (Point click : clicks) {
            int x = (int) Math.round(click.x()), y = (int) Math.round(click.y());
            if (click.isForeground() && x >= 0 && y >= 0 && x < width && y < height && weak[keys[y * width + x]]) {
                weak[keys[y * width + x]] = false;
                weakCount--;
            }
        }
        return weakCount == 0 || 2 * weakCount > objects ? null : weak;
    }

    /** How many pieces the last {@link #label} call analysed anew (the others kept their analysis). */
    public int lastReanalysed() {
        return lastReanalysed;
    }

    private void reset(int w, int h) {
        width = w;
        height = h;
        followed = null;
        fresh.clear();
        lastWeight = null;
        lastMask = new boolean[w * h];
        pieceOf = new int[w * h];
        Arrays.fill(pieceOf, -1);
        keys = new int[w * h];
        nextKey = 1;
        pieces.clear();
        freeSlots.clear();
        lastParameters = null;
        lastMinArea = -1;
    }

    private int[] changedPixels(boolean[] now) {
        int[] changed = new int[1024];
        int n = 0;
        for (int i = 0; i < now.length; i++) {
            if (now[i] != lastMask[i]) {
                changed = append(changed, n++, i);
            }
        }
        return Arrays.copyOf(changed, n);
    }

    /**
     * Forgets the pieces that hold or touch a changed pixel (a pixel that joined the foreground beside a piece merges
     * into it) and finds the pieces of the new mask there, grown from the foreground at and around the changed pixels.
     * Pieces out of reach of every change are the same pixels as before: a pixel of the new mask next to one of them
     * was either in it or changed.
     */
    private List<Piece> replacePiecesAround(int[] changed, boolean[] now) {
        int[] starts = new int[Math.max(16, changed.length)];
        int startCount = 0;
        for (int p : changed) {
            int px = p % width, py = p / width;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int x = px + dx, y = py + dy;
                    if (x < 0 || y < 0 || x >= width || y >= height) {
                        continue;
                    }
                    int n = y * width + x;
                    if (pieceOf[n] >= 0) {
                        forget(pieceOf[n]);
                    }
                    // Every part left of a forgotten piece touches a changed pixel (it held one, lost one, or was
                    // forgotten for being next to one), so the foreground around changed pixels reaches all of them.
                    if (now[n]) {
                        starts = append(starts, startCount++, n);
                    }
                }
            }
        }
        List<Piece> fresh = new ArrayList<>();
        if (queue == null || queue.length != now.length) {
            queue = new int[now.length];
        }
        for (int k = 0; k < startCount; k++) {
            int start = starts[k];
            if (!now[start] || pieceOf[start] >= 0) {
                continue;
            }
            int slot = freeSlots.isEmpty() ? pieces.size() : freeSlots.remove(freeSlots.size() - 1);
            int tail = 0;
            queue[tail++] = start;
            pieceOf[start] = slot;
            int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
            for (int head = 0; head < tail; head++) {
                int p = queue[head], py = p / width, px = p - py * width;
                minX = Math.min(minX, px);
                maxX = Math.max(maxX, px);
                minY = Math.min(minY, py);
                maxY = Math.max(maxY, py);
                boolean inside = px > 0 && py > 0 && px < width - 1 && py < height - 1;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        if (!inside && (px + dx < 0 || py + dy < 0 || px + dx >= width || py + dy >= height)) {
                            continue;
                        }
                        int n = p + dy * width + dx;
                        if (now[n] && pieceOf[n] < 0) {
                            pieceOf[n] = slot;
                            queue[tail++] = n;
                        }
                    }
                }
            }
            int[] pixels = Arrays.copyOf(queue, tail);
            Piece piece = new Piece(slot, pixels, width, height, minX, minY, maxX, maxY);
            if (slot == pieces.size()) {
                pieces.add(piece);
            } else {
                pieces.set(slot, piece);
            }
            fresh.add(piece);
        }
        return fresh;
    }

    private void forget(int slot) {
        for (int p : pieces.get(slot).pixels) {
            pieceOf[p] = -1;
            keys[p] = 0;
        }
        pieces.set(slot, null);
        freeSlots.add(slot);
    }

    private static int[] append(int[] values, int at, int value) {
        if (at == values.length) {
            values = Arrays.copyOf(values, 2 * values.length);
        }
        values[at] = value;
        return values;
    }

    /**
     * The piece's objects under these parameters, pending for {@link #write}: each pixel's object number within the piece
     * (0: dropped), and each object's highest weight, its centre (negative infinity: dropped or none).
     */
    private void objects(Piece piece, FloatPlane weight, SplitParameters parameters, int minArea, boolean split) {
        int[] local = new int[piece.pixels.length];
        if (piece.pixels.length >= minArea) {
            if (split) {
                boolean reflooded = piece.split(weight, parameters, width);
                if (!reflooded && piece.written != null && piece.writtenMinArea == minArea) {
                    // the same seeds flood the same objects (a new scale moved no seed here): keep what is written
                    piece.pending = piece.written;
                    piece.pendingCentres = piece.centres;
                    piece.pendingMinArea = minArea;
                    return;
                }
                local = piece.flooded.clone();
            } else {
                Arrays.fill(local, 1);
            }
        }
        int count = 0;
        for (int v : local) {
            count = Math.max(count, v);
        }
        long[] areas = new long[count + 1];
        for (int v : local) {
            areas[v]++;
        }
        float[] centres = new float[count + 1];
        Arrays.fill(centres, Float.NEGATIVE_INFINITY);
        float[] w = weight == null ? null : weight.data();
        for (int i = 0; i < local.length; i++) {
            if (areas[local[i]] < minArea) {
                local[i] = 0;
            } else if (local[i] != 0 && w != null) {
                centres[local[i]] = Math.max(centres[local[i]], w[piece.pixels[i]]);
            } else if (local[i] != 0) {
                centres[local[i]] = Float.POSITIVE_INFINITY;
            }
        }
        piece.pending = local;
        piece.pendingCentres = centres;
        piece.pendingMinArea = minArea;
    }

    /** The piece's pending objects into {@link #keys}, unless they are what is there already. */
    private void write(Piece piece) {
        int[] local = piece.pending;
        float[] centres = piece.pendingCentres;
        piece.pending = null;
        piece.pendingCentres = null;
        piece.writtenMinArea = piece.pendingMinArea;
        if (local == piece.written || Arrays.equals(local, piece.written)) {
            return; // the same objects of the same pixels under the same weight: the same centres
        }
        int base = nextKey;
        for (int i = 0; i < local.length; i++) {
            keys[piece.pixels[i]] = local[i] == 0 ? 0 : base + local[i] - 1;
        }
        nextKey += Math.max(0, centres.length - 1);
        piece.written = local;
        piece.centres = centres;
        piece.base = base;
    }

    /**
     * The objects numbered 1..N in raster order of their first pixel, as {@link ConnectedComponents} numbers them, without
     * those whose key is marked in {@code leftOut} (may be null).
     */
    private LabelImage inRasterOrder(boolean[] leftOut) {
        int[] number = new int[nextKey];
        int[] out = new int[keys.length];
        int next = 0;
        for (int i = 0; i < keys.length; i++) {
            int k = keys[i];
            if (k != 0 && (leftOut == null || !leftOut[k])) {
                if (number[k] == 0) {
                    number[k] = ++next;
                }
                out[i] = number[k];
            }
        }
        if (nextKey > Math.max(1 << 12, keys.length / 16)) {
            // Keys only grow as pieces are rewritten, and each call allocates a table of them: write every piece again
            // from key 1 (once in many clicks) rather than let the table grow towards the image's size.
            nextKey = 1;
            for (Piece piece : pieces) {
                if (piece != null && piece.written != null) {
                    piece.pending = piece.written;
                    piece.pendingCentres = piece.centres;
                    piece.pendingMinArea = piece.writtenMinArea;
                    piece.written = null;
                    write(piece);
                }
            }
        }
        return new LabelImage(width, height, out);
    }

    /** One 8-connected piece of the mask, and what was worked out for it. */
    private static final class Piece {
        /** Where it is in {@link #pieces} (while it is there). */
        final int slot;
        /** The piece's pixels (image indices, in the order they were found). */
        final int[] pixels;
        /** The crop it is analysed in: its bounding box, one pixel wider on each side that is not the image's edge. */
        final int x0, y0, cropWidth, cropHeight;
        BinaryMask crop;
        InstanceSplitter.Peaks peaks;
        LabelImage seeds;
        int[] flooded;
        /** The object numbers last written for the pixels, or null; and those worked out, not yet written. */
        int[] written, pending;
        /** Each written object's centre (its highest weight), and those pending; objects j have keys base + j - 1. */
        float[] centres, pendingCentres;
        int base;
        /** The smallest object area the written objects were kept with, and the pending ones' (-1: none yet). */
        int writtenMinArea = -1, pendingMinArea = -1;

        Piece(int slot, int[] pixels, int width, int height, int minX, int minY, int maxX, int maxY) {
            this.slot = slot;
            this.pixels = pixels;
            x0 = Math.max(0, minX - 1);
            y0 = Math.max(0, minY - 1);
            cropWidth = Math.min(width - 1, maxX + 1) - x0 + 1;
            cropHeight = Math.min(height - 1, maxY + 1) - y0 + 1;
        }

        /**
         * The splitter on the crop, into {@link #flooded}; whether that changed (seeds taken again under new
         * parameters that fall where they fell flood the same objects). Pixels of other pieces there count as
         * background, which changes no distance (a pixel's nearest background is beside its own piece) and, beyond a
         * side that is not the image's edge, the added pixel is background as it is in the image.
         */
        /** What depends on the weight goes; the objects written stay until they are worked out again. */
        void forgetAnalysis() {
            crop = null;
            peaks = null;
            seeds = null;
            flooded = null;
            writtenMinArea = -1;
        }

        boolean split(FloatPlane weight, SplitParameters parameters, int imageWidth) {
            if (peaks == null) {
                boolean[] inside = new boolean[cropWidth * cropHeight];
                for (int p : pixels) {
                    inside[cropIndex(p, imageWidth)] = true;
                }
                crop = new BinaryMask(cropWidth, cropHeight, inside);
                FloatPlane cropWeight = null;
                if (weight != null) {
                    float[] wv = weight.data(), cv = new float[inside.length];
                    for (int y = 0; y < cropHeight; y++) {
                        System.arraycopy(wv, (y0 + y) * imageWidth + x0, cv, y * cropWidth, cropWidth);
                    }
                    cropWeight = new FloatPlane(cropWidth, cropHeight, cv);
                }
                peaks = InstanceSplitter.peaks(crop, cropWeight);
            }
            LabelImage seedsNow = InstanceSplitter.seeds(peaks, parameters);
            boolean reflood = flooded == null || !Arrays.equals(seedsNow.data(), seeds.data());
            if (reflood) {
                flooded = new int[pixels.length];
                if (seedsNow.maxLabel() == 1) {
                    // One seed floods its whole connected piece: most nuclei are one object, and need no flood.
                    Arrays.fill(flooded, 1);
                } else {
                    int[] labels = InstanceSplitter.flood(crop, peaks, seedsNow).data();
                    for (int i = 0; i < pixels.length; i++) {
                        flooded[i] = labels[cropIndex(pixels[i], imageWidth)];
                    }
                }
                seeds = seedsNow;
            }
            return reflood;
        }

        private int cropIndex(int pixel, int imageWidth) {
            return (pixel / imageWidth - y0) * cropWidth + (pixel % imageWidth - x0);
        }
    }
}
