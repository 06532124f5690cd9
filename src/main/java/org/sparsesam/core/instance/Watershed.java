package org.sparsesam.core.instance;

import org.sparsesam.core.image.FloatPlane;

/**
 * Marker-controlled watershed by priority flooding (Meyer): regions grow from the seeds, always at the
 * lowest elevation reached so far, first come first served among equal elevations, so the result does
 * not depend on anything but the inputs. No watershed lines: every reachable pixel gets a label.
 */
public final class Watershed {
    private Watershed() {}

    /** Floods the whole image from the seeds, 8-connected. */
    public static LabelImage flood(FloatPlane elevation, LabelImage seeds) {
        return flood(elevation, seeds, null, Connectivity.EIGHT);
    }

    /** Floods the mask's pixels from the seeds, 8-connected. */
    public static LabelImage flood(FloatPlane elevation, LabelImage seeds, BinaryMask mask) {
        return flood(elevation, seeds, mask, Connectivity.EIGHT);
    }

    /**
     * Every pixel of {@code mask} (the whole image when null) that is connected to a seed through the mask
     * gets the label of the seed whose flood reaches it first; others stay 0. Seeds are the non-zero pixels
     * of {@code seeds}; seed pixels outside the mask are ignored. NaN elevations flood last.
     */
    public static LabelImage flood(FloatPlane elevation, LabelImage seeds, BinaryMask mask, Connectivity connectivity) {
        int w = elevation.width(), h = elevation.height();
        if (seeds.width() != w || seeds.height() != h || (mask != null && (mask.width() != w || mask.height() != h))) {
            throw new IllegalArgumentException("elevation " + w + "x" + h + ", seeds " + seeds.width() + "x" + seeds.height()
                    + (mask == null ? "" : ", mask " + mask.width() + "x" + mask.height()) + " differ in size");
        }
        float[] elev = elevation.data();
        boolean[] inside = mask == null ? null : mask.data();
        int[] seed = seeds.data();
        int[] labels = new int[elev.length];
        // Each pixel enters the queue once, when it is labelled; the queue order number indexes its pixel.
        int[] pixelOfEntry = new int[elev.length];
        int entries = 0;
        LongMinHeap heap = new LongMinHeap(1024);
        for (int i = 0; i < elev.length; i++) {
            if (seed[i] != 0 && (inside == null || inside[i])) {
                labels[i] = seed[i];
                pixelOfEntry[entries] = i;
                heap.add(LongMinHeap.key(floodLevel(elev[i]), entries++));
            }
        }
        while (!heap.isEmpty()) {
            long key = heap.poll();
            float level = LongMinHeap.value(key);
            int p = pixelOfEntry[LongMinHeap.sequence(key)];
            int px = p % w, py = p / w;
            for (int k = 0; k < connectivity.count(); k++) {
                int nx = px + connectivity.dx(k), ny = py + connectivity.dy(k);
                if (nx < 0 || ny < 0 || nx >= w || ny >= h) {
                    continue;
                }
                int n = ny * w + nx;
                if (labels[n] != 0 || (inside != null && !inside[n])) {
                    continue;
                }
                labels[n] = labels[p];
                pixelOfEntry[entries] = n;
                // A pixel below the level already reached is flooded at that level: the pour point decides.
                heap.add(LongMinHeap.key(Math.max(level, floodLevel(elev[n])), entries++));
            }
        }
        return new LabelImage(w, h, labels);
    }

    private static float floodLevel(float elevation) {
        return Float.isNaN(elevation) ? Float.POSITIVE_INFINITY : elevation;
    }
}
