package org.sparsesam.core.instance;

/** Which pixels touch: the 4 sharing an edge, or the 8 sharing an edge or a corner. */
public enum Connectivity {
    FOUR(new int[] {0, -1, 1, 0}, new int[] {-1, 0, 0, 1}),
    EIGHT(new int[] {-1, 0, 1, -1, 1, -1, 0, 1}, new int[] {-1, -1, -1, 0, 0, 1, 1, 1});

    private final int[] dx;
    private final int[] dy;

    Connectivity(int[] dx, int[] dy) {
        this.dx = dx;
        this.dy = dy;
    }

    public int count() {
        return dx.length;
    }

    public int dx(int k) {
        return dx[k];
    }

    public int dy(int k) {
        return dy[k];
    }

    /** The connectivity whose components are the holes of this one's (4 for 8, 8 for 4), so that outlines never cross. */
    public Connectivity dual() {
        return this == FOUR ? EIGHT : FOUR;
    }
}
