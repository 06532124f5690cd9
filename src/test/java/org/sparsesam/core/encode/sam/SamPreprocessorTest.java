package org.sparsesam.core.encode.sam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.Progress;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.model.ModelManifest;
import org.sparsesam.core.model.TinySamFixture;

class SamPreprocessorTest {
    private static final SamPreprocessor PREPROCESSOR = new SamPreprocessor(
            ModelManifest.read(TinySamFixture.packageFolder().resolve("model.json")));

    @Test
    void frameFollowsSamsLongestSideRule() {
        // 100 * 128 / 150 = 85.33 -> 85; 30 * 128 / 40 = 96 exactly.
        assertEquals(new SamFrame(150, 100, 128, 85, 128), SamFrame.of(150, 100, 128));
        assertEquals(new SamFrame(40, 30, 128, 96, 128), SamFrame.of(40, 30, 128));
        assertEquals(new SamFrame(3000, 1, 1024, 1, 1024), SamFrame.of(3000, 1, 1024));
        assertEquals(128f * 50 / 150, SamFrame.of(150, 100, 128).toModelX(50), 1e-5);
    }

    @Test
    void shrinkingMatchesPillowExactly() {
        RasterImage image = SamReference.image("image");
        SamFrame frame = SamFrame.of(image.width(), image.height(), 128);
        int[][] ours = PREPROCESSOR.resized(image, frame, Progress.NONE);
        int[][] pillow = SamReference.planes("resized");
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(pillow[c], ours[c], "channel " + c);
        }
    }

    @Test
    void enlargingMatchesPillowExactly() {
        RasterImage image = SamReference.image("small_image");
        SamFrame frame = SamFrame.of(image.width(), image.height(), 128);
        int[][] ours = PREPROCESSOR.resized(image, frame, Progress.NONE);
        int[][] pillow = SamReference.planes("small_resized");
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(pillow[c], ours[c], "channel " + c);
        }
    }

    @Test
    void inputTensorMatchesPythonIncludingZeroPadding() {
        SamInput input = PREPROCESSOR.prepare(SamReference.image("image"), Progress.NONE);
        float[] python = TinySamFixture.floats("input");
        assertEquals(python.length, input.tensor().length);
        assertEquals(0f, SamReference.maxAbsDiff(python, input.tensor()), 1e-6);
        assertEquals(0f, input.tensor()[127 * 128 + 127]); // bottom-right corner is padding
    }

    @Test
    void preparingIntoAReusedBufferOverwritesEveryValueIncludingThePadding() {
        // The encoder reuses one direct buffer per tensor: what a larger image or tile left there must not leak
        // into the padding of the next one.
        RasterImage image = SamReference.image("image");
        float[] python = TinySamFixture.floats("input");
        FloatBuffer dirty = ByteBuffer.allocateDirect(4 * PREPROCESSOR.tensorLength()).order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int i = 0; i < PREPROCESSOR.tensorLength(); i++) {
            dirty.put(i, 7f);
        }
        PREPROCESSOR.prepareInto(image, Progress.NONE, dirty);
        float[] written = new float[PREPROCESSOR.tensorLength()];
        dirty.get(0, written);
        assertEquals(0f, SamReference.maxAbsDiff(python, written), 1e-6);

        SamPreprocessor.ByteMapping bytes = SamPreprocessor.ByteMapping.of(image, Progress.NONE);
        SamInput fresh = PREPROCESSOR.prepareTile(image, bytes, 40, 30, 100, 90);
        PREPROCESSOR.prepareTileInto(image, bytes, 40, 30, 100, 90, dirty);
        dirty.get(0, written);
        assertArrayEquals(fresh.tensor(), written, 0f);
        assertEquals(0f, written[127 * 128 + 127]);
        // Hand-checked value: the tile's top-left pixel is image pixel (40, 30), red channel.
        float red = image.channel(0).get(40, 30);
        assertEquals(((float) Math.round(red) - 123.675f) / 58.395f, written[0], 1e-6f);
    }

    @Test
    void theEightBitShortcutRoundsAsTheGeneralMapping() {
        // An image within 0..255 takes the shortcut; a mapping equal to it but not the shared constant takes
        // the general path (Math.round and clamps): both must give the same tensor, fractional values included.
        float[] red = SamReference.image("image").channel(0).data().clone();
        red[0] = 100.5f;
        red[1] = 100.49f;
        red[2] = 254.6f;
        RasterImage base = SamReference.image("image");
        RasterImage image = RasterImage.rgb(new FloatPlane(base.width(), base.height(), red), base.channel(1), base.channel(2));
        SamPreprocessor.ByteMapping bytes = SamPreprocessor.ByteMapping.of(image, Progress.NONE);
        assertSame(SamPreprocessor.ByteMapping.IDENTITY, bytes);
        assertEquals(101, bytes.toByte(100.5f));
        assertEquals(100, bytes.toByte(100.49f));
        SamInput shortcut = PREPROCESSOR.prepareTile(image, bytes, 0, 0, 120, 100);
        SamInput general = PREPROCESSOR.prepareTile(image, new SamPreprocessor.ByteMapping(0f, 1f), 0, 0, 120, 100);
        assertArrayEquals(general.tensor(), shortcut.tensor(), 0f);
    }

    @Test
    void greyImagesAreReplicatedAndWideRangesStretchedWithANote() {
        float[] values = {0, 1000, 2000, 4000};
        RasterImage grey = RasterImage.grey(new FloatPlane(2, 2, values));
        List<String> notes = new ArrayList<>();
        Progress progress = new Progress() {
            public void report(String stage, double fraction) {}
            public void note(String message) {
                notes.add(message);
            }
        };
        int[][] rgb = SamPreprocessor.toRgbBytes(grey, progress);
        int[] expected = {0, 64, 128, 255}; // (v / 4000) * 255, rounded: 63.75 -> 64, 127.5 -> 128
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(expected, rgb[c]);
        }
        assertEquals(2, notes.size());
        assertTrue(notes.get(0).contains("Grey") && notes.get(1).contains("stretched"), notes.toString());
    }
}
