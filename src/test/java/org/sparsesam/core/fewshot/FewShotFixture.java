package org.sparsesam.core.fewshot;

import java.util.List;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.encode.BuiltinEncoder;
import org.sparsesam.core.eval.SyntheticTissue;

/** Few-shot models trained on generated nuclei images, whose truth is known. */
public final class FewShotFixture {
    private FewShotFixture() {}

    public static final int SIZE = 96;

    public static AnnotatedImage annotated(String name, long seed) {
        SyntheticTissue t = SyntheticTissue.nuclei(SIZE, SIZE, seed);
        return new AnnotatedImage(name, t.image(), t.labels());
    }

    public static SparseSam sam() {
        return new SparseSam(SegmentOptions.defaults(), new BuiltinEncoder());
    }

    /** A model of {@code kind} trained on two generated images (seeds 11 and 12). */
    public static FewShotModel train(FewShotKind kind) {
        try (SparseSam sam = sam()) {
            return sam.train(List.of(annotated("a.png", 11), annotated("b.png", 12)), FewShotSettings.defaults(kind),
                    "generated", Progress.NONE, CancelToken.none());
        }
    }
}
