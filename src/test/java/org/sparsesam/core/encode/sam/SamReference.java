package org.sparsesam.core.encode.sam;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.model.TinySamFixture;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.core.prompt.PointLabel;

/** The Python reference inputs of the tiny SAM, as core types. */
final class SamReference {
    private SamReference() {}

    /** An interleaved 8-bit RGB reference array as a RasterImage. */
    static RasterImage image(String key) {
        int[] shape = TinySamFixture.shape(key);
        int h = shape[0], w = shape[1];
        int[] rgb = TinySamFixture.bytesAsInts(key);
        int[] packed = new int[w * h];
        for (int i = 0; i < packed.length; i++) {
            packed[i] = rgb[3 * i] << 16 | rgb[3 * i + 1] << 8 | rgb[3 * i + 2];
        }
        return RasterImage.fromPackedRgb(w, h, packed);
    }

    /** Planar 0..255 values of an interleaved reference array. */
    static int[][] planes(String key) {
        int[] rgb = TinySamFixture.bytesAsInts(key);
        int n = rgb.length / 3;
        int[][] out = new int[3][n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                out[c][i] = rgb[3 * i + c];
            }
        }
        return out;
    }

    static List<Point> points() {
        List<Point> out = new ArrayList<>();
        for (var e : TinySamFixture.reference().getAsJsonArray("points")) {
            JsonArray p = e.getAsJsonArray();
            out.add(new Point(p.get(0).getAsDouble(), p.get(1).getAsDouble(),
                    p.get(2).getAsInt() == 1 ? PointLabel.FOREGROUND : PointLabel.BACKGROUND));
        }
        return out;
    }

    static JsonObject json() {
        return TinySamFixture.reference();
    }

    /** Plane {@code index} of a [1, N, H, W] reference array. */
    static FloatPlane plane(String key, int index) {
        int[] shape = TinySamFixture.shape(key);
        int h = shape[2], w = shape[3];
        float[] all = TinySamFixture.floats(key);
        float[] data = new float[w * h];
        System.arraycopy(all, index * w * h, data, 0, data.length);
        return new FloatPlane(w, h, data);
    }

    static float maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
