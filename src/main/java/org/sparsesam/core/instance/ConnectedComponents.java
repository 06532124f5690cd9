package org.sparsesam.core.instance;

/** Labels the connected components of a mask, and measures the objects of a label image. */
public final class ConnectedComponents {
    private ConnectedComponents() {}

    /** 8-connected components, labelled 1..N in raster order of each component's first pixel. */
    public static LabelImage label(BinaryMask mask) {
        return label(mask, Connectivity.EIGHT);
    }

    /** Components under {@code connectivity}, labelled 1..N in raster order of each component's first pixel. */
    public static LabelImage label(BinaryMask mask, Connectivity connectivity) {
        int w = mask.width(), h = mask.height();
        boolean[] fg = mask.data();
        int[] labels = new int[fg.length];
        // Each pixel is queued at most once, so one array of the image's size is the whole queue.
        int[] queue = new int[fg.length];
        int next = 0;
        for (int start = 0; start < fg.length; start++) {
            if (!fg[start] || labels[start] != 0) {
                continue;
            }
            int label = ++next;
            int head = 0, tail = 0;
            labels[start] = label;
            queue[tail++] = start;
            while (head < tail) {
                int p = queue[head++];
                int px = p % w, py = p / w;
                for (int k = 0; k < connectivity.count(); k++) {
                    int nx = px + connectivity.dx(k), ny = py + connectivity.dy(k);
                    if (nx < 0 || ny < 0 || nx >= w || ny >= h) {
                        continue;
                    }
                    int n = ny * w + nx;
                    if (fg[n] && labels[n] == 0) {
                        labels[n] = label;
                        queue[tail++] = n;
                    }
                }
            }
        }
        return new LabelImage(w, h, labels);
    }

    /** Pixel count of every label: {@code areas[label]}, with the background's count at index 0. */
    public static long[] areas(LabelImage labels) {
        long[] areas = new long[labels.maxLabel() + 1];
        for (int v : labels.data()) {
            if (v < 0) {
                throw new IllegalArgumentException("label image holds the negative label " + v);
            }
            areas[v]++;
        }
        return areas;
    }
}
