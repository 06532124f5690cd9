package org.sparsesam.core.tune.sam;

import com.google.gson.JsonArray;
import java.util.ArrayList;
import java.util.List;
import org.sparsesam.core.encode.sam.SamEmbedding;
import org.sparsesam.core.encode.sam.SamFrame;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.model.TinySamFixture;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.core.prompt.PointLabel;

/** The tiny SAM's Python reference image, embedding and clicks, and a pseudo-label with a known reason. */
final class TinySamTuning {
    private TinySamTuning() {}

    static RasterImage image() {
        int[] shape = TinySamFixture.shape("image");
        int h = shape[0], w = shape[1];
        int[] rgb = TinySamFixture.bytesAsInts("image");
        int[] packed = new int[w * h];
        for (int i = 0; i < packed.length; i++) {
            packed[i] = rgb[3 * i] << 16 | rgb[3 * i + 1] << 8 | rgb[3 * i + 2];
        }
        return RasterImage.fromPackedRgb(w, h, packed);
    }

    /** The embedding Python computed for {@link #image()} (the Java encoder matches it, see SamEncoderTest). */
    static SamEmbedding embedding() {
        RasterImage image = image();
        return new SamEmbedding(TinySamFixture.floats("embedding"), 32, 16,
                SamFrame.of(image.width(), image.height(), 128), "tiny-sam-reference");
    }

    static List<Point> clicks() {
        List<Point> out = new ArrayList<>();
        for (var e : TinySamFixture.reference().getAsJsonArray("points")) {
            JsonArray p = e.getAsJsonArray();
            out.add(new Point(p.get(0).getAsDouble(), p.get(1).getAsDouble(),
                    p.get(2).getAsInt() == 1 ? PointLabel.FOREGROUND : PointLabel.BACKGROUND));
        }
        return out;
    }

    /**
     * The generator paints nuclei (96, 58, 148) on stroma (232, 182, 205) with noise of sd 6: red below the
     * midpoint 164 is nucleus, so this map is 1 on nuclei and 0 on stroma, a target with a known meaning.
     */
    static FloatPlane darkNuclei(RasterImage image) {
        FloatPlane red = image.channel(0);
        FloatPlane out = new FloatPlane(image.width(), image.height());
        for (int i = 0; i < out.data().length; i++) {
            out.data()[i] = red.data()[i] < 164 ? 1f : 0f;
        }
        return out;
    }
}
