package org.sparsesam.core.image;

/** Element-wise arithmetic on planes of equal size, and reductions computed in one fixed order. */
public final class PlaneMath {
    private PlaneMath() {}

    public static FloatPlane subtract(FloatPlane a, FloatPlane b) {
        FloatPlane out = sameSize(a, b);
        float[] x = a.data(), y = b.data(), o = out.data();
        for (int i = 0; i < o.length; i++) {
            o[i] = x[i] - y[i];
        }
        return out;
    }

    public static FloatPlane add(FloatPlane a, FloatPlane b) {
        FloatPlane out = sameSize(a, b);
        float[] x = a.data(), y = b.data(), o = out.data();
        for (int i = 0; i < o.length; i++) {
            o[i] = x[i] + y[i];
        }
        return out;
    }

    public static FloatPlane multiply(FloatPlane a, FloatPlane b) {
        FloatPlane out = sameSize(a, b);
        float[] x = a.data(), y = b.data(), o = out.data();
        for (int i = 0; i < o.length; i++) {
            o[i] = x[i] * y[i];
        }
        return out;
    }

    /** Raises values below {@code min} to {@code min}, in place. */
    public static void clampBelow(FloatPlane plane, float min) {
        float[] d = plane.data();
        for (int i = 0; i < d.length; i++) {
            if (d[i] < min) {
                d[i] = min;
            }
        }
    }

    /** Mean in double, summed in index order so it never depends on threads. */
    public static double mean(FloatPlane plane) {
        double sum = 0;
        for (float v : plane.data()) {
            sum += v;
        }
        return sum / plane.data().length;
    }

    private static FloatPlane sameSize(FloatPlane a, FloatPlane b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("planes differ in size: " + a.width() + "x" + a.height() + " vs " + b.width() + "x" + b.height());
        }
        return new FloatPlane(a.width(), a.height());
    }
}
