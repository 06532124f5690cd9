package org.sparsesam.ij;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.plugin.LutLoader;
import ij.process.ByteProcessor;
import java.awt.image.IndexColorModel;
import org.sparsesam.core.image.FloatPlane;

/**
 * The similarity map (per-pixel foreground confidence, 0..1) as a translucent heat map over the image, so the user
 * sees where the method found structures like the clicked ones. One such layer per image: a re-run replaces it.
 */
public final class SimilarityOverlay {
    public static final String NAME = RoiConversion.NAME_PREFIX + "similarity";
    static final double OPACITY = 0.45;

    private SimilarityOverlay() {}

    public static void show(ImagePlus image, FloatPlane probability) {
        byte[] levels = new byte[probability.width() * probability.height()];
        float[] p = probability.data();
        for (int i = 0; i < levels.length; i++) {
            levels[i] = (byte) Math.round(255 * Math.max(0, Math.min(1, p[i])));
        }
        ByteProcessor ip = new ByteProcessor(probability.width(), probability.height(), levels);
        IndexColorModel fire = LutLoader.getLut("fire");
        if (fire != null) {
            ip.setColorModel(fire);
        }
        ImageRoi layer = new ImageRoi(0, 0, ip);
        layer.setOpacity(OPACITY);
        layer.setName(NAME);
        if (image.getStackSize() > 1) {
            layer.setPosition(image.getCurrentSlice());
        }
        Overlay overlay = image.getOverlay() == null ? new Overlay() : image.getOverlay();
        for (int i = overlay.size() - 1; i >= 0; i--) {
            if (NAME.equals(overlay.get(i).getName())) {
                overlay.remove(i);
            }
        }
        overlay.add(layer);
        image.setOverlay(overlay);
    }
}
