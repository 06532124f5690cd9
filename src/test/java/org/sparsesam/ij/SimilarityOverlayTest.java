package org.sparsesam.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.image.FloatPlane;

class SimilarityOverlayTest {
    private static FloatPlane plane(float... values) {
        return new FloatPlane(values.length, 1, values);
    }

    @Test
    void confidenceMapsToHeatLevelsAndAReRunReplacesTheLayerOnly() {
        ImagePlus image = new ImagePlus("rgb", new ColorProcessor(4, 1));
        Roi users = new Roi(0, 0, 1, 1);
        users.setName("user outline");
        image.setOverlay(new Overlay(users));

        SimilarityOverlay.show(image, plane(0f, 0.5f, 1f, 2f));
        SimilarityOverlay.show(image, plane(1f, 0f, 0f, -1f));

        Overlay overlay = image.getOverlay();
        assertEquals(2, overlay.size(), "the user's item and one heat-map layer");
        assertEquals("user outline", overlay.get(0).getName());
        ImageRoi layer = (ImageRoi) overlay.get(1);
        assertEquals(SimilarityOverlay.NAME, layer.getName());
        assertEquals(SimilarityOverlay.OPACITY, layer.getOpacity(), 1e-9);
        ByteProcessor levels = (ByteProcessor) layer.getProcessor();
        assertEquals(255, levels.get(0, 0), "confidence 1 is the top of the heat scale");
        assertEquals(0, levels.get(1, 0));
        assertEquals(0, levels.get(3, 0), "out-of-range values are clamped");
        assertTrue(image.getProcessor().getPixel(0, 0) == 0, "the image's own pixels are untouched");
    }
}
