package org.sparsesam.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.encode.BuiltinEncoder;
import org.sparsesam.core.encode.sam.TinySamModels;
import org.sparsesam.core.eval.SyntheticTissue;
import org.sparsesam.core.prompt.ClickSimulator;
import org.sparsesam.core.prompt.Point;

/** The three modes through the front end, with the tiny SAM model (random weights: structure, not accuracy). */
class SparseSamModesTest {
    private static final SyntheticTissue TISSUE = SyntheticTissue.nuclei(96, 96, 1);
    private static final List<Point> CLICKS = new ClickSimulator(ClickSimulator.Protocol.RANDOM,
            new ClickSimulator.ClickCounts(4, 3)).simulate(TISSUE.labels(), 1).points();
    private static final Pattern SUMMARY = Pattern.compile("SAM decoder \\((\\w+)\\): (\\d+) prompts, (\\d+) objects.*");

    private static SegmentOptions mode(String mode) {
        return SegmentOptions.builder().mode(mode).build();
    }

    private static SegmentResult segment(SparseSam sam) {
        return sam.segment(TISSUE.image(), CLICKS, Progress.NONE, CancelToken.none());
    }

    private static Matcher summary(SegmentResult r) {
        for (String note : r.notes()) {
            Matcher m = SUMMARY.matcher(note);
            if (m.matches()) {
                return m;
            }
        }
        throw new AssertionError("no decoder summary in " + r.notes());
    }

    @Test
    void theBuiltinEncoderHasNoDecoderAndSaysWhatToDo() {
        for (String mode : List.of(SegmentOptions.MODE_REFINE, SegmentOptions.MODE_CLICKS)) {
            SparseSamException e = assertThrows(SparseSamException.class, () -> new SparseSam(mode(mode), new BuiltinEncoder()));
            assertTrue(e.getMessage().contains("SAM model package") && e.getMessage().contains("mode similarity"), e.getMessage());
            assertTrue(e.getMessage().startsWith("Mode " + mode + " "), e.getMessage());
        }
    }

    @Test
    void unknownModesAreRefused() {
        SparseSamException e = assertThrows(SparseSamException.class, () -> mode("magic"));
        assertTrue(e.getMessage().contains("similarity, refine or clicks"), e.getMessage());
        assertEquals(SegmentOptions.MODE_SIMILARITY, SegmentOptions.defaults().mode());
        assertEquals(SegmentOptions.MODE_REFINE, mode("Refine").mode());
    }

    @Test
    void refinePromptsEveryObjectOfTheSimilarityModeAndReturnsValidInstances() {
        SegmentResult similarity, refined;
        try (SparseSam sam = new SparseSam(mode(SegmentOptions.MODE_SIMILARITY), TinySamModels.open())) {
            similarity = segment(sam);
        }
        try (SparseSam sam = new SparseSam(mode(SegmentOptions.MODE_REFINE), TinySamModels.open())) {
            refined = segment(sam);
        }
        Matcher m = summary(refined);
        assertEquals("refine", m.group(1));
        assertEquals(similarity.count(), Integer.parseInt(m.group(2)), "one prompt per object of the similarity mode");
        assertEquals(refined.count(), Integer.parseInt(m.group(3)));
        assertEquals(refined.count(), refined.labels().maxLabel());
        for (int i = 0; i < refined.count(); i++) {
            assertEquals(i + 1, refined.instances().get(i).label());
            assertTrue(refined.instances().get(i).area() > 0);
        }
        assertTrue(refined.stageMillis().containsKey("SAM decoder"));
    }

    @Test
    void clicksModeNeedsNoSimilarityMapAndEveryObjectHoldsAClick() {
        try (SparseSam sam = new SparseSam(mode(SegmentOptions.MODE_CLICKS), TinySamModels.open())) {
            SegmentResult r = segment(sam);
            Matcher m = summary(r);
            long foreground = CLICKS.stream().filter(Point::isForeground).count();
            assertEquals(foreground, Long.parseLong(m.group(2)));
            assertEquals(r.count(), r.labels().maxLabel());
            assertTrue(r.count() >= 1 && r.count() <= foreground);
            assertFalse(r.stageMillis().containsKey("similarity"), r.stageMillis().toString());
            for (int label = 1; label <= r.count(); label++) {
                int l = label;
                assertTrue(CLICKS.stream().anyMatch(p -> p.isForeground() && r.labels().get((int) p.x(), (int) p.y()) == l),
                        "object " + label + " holds a foreground click");
            }
        }
    }

    @Test
    void anotherClickReusesTheEmbedding() {
        TinySamModels.Counting counting = new TinySamModels.Counting(TinySamModels.open());
        try (SparseSam sam = new SparseSam(mode(SegmentOptions.MODE_REFINE), counting)) {
            segment(sam);
            List<Point> more = new ArrayList<>(CLICKS);
            more.add(Point.bg(3, 3));
            SegmentResult again = sam.segment(TISSUE.image(), more, Progress.NONE, CancelToken.none());
            assertEquals(1, counting.embeds.get(), "one SAM encoder run for two segmentations");
            assertEquals(0, counting.encodes.get(), "the feature grid comes from the same embedding");
            assertTrue(again.stageMillis().containsKey("encode (cached)") && !again.stageMillis().containsKey("encode"),
                    again.stageMillis().toString());
            assertEquals(1, sam.embeddingCache().hits());
        }
    }

    @Test
    void sameOptionsGiveIdenticalResults() {
        for (String mode : List.of(SegmentOptions.MODE_REFINE, SegmentOptions.MODE_CLICKS)) {
            SegmentResult a, b;
            try (SparseSam sam = new SparseSam(mode(mode), TinySamModels.open())) {
                a = segment(sam);
            }
            try (SparseSam sam = new SparseSam(mode(mode), TinySamModels.open())) {
                b = segment(sam);
            }
            assertArrayEquals(a.labels().data(), b.labels().data(), mode);
            assertEquals(a.notes(), b.notes(), mode);
        }
    }
}
