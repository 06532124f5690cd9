package org.sparsesam.core.tune.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.encode.sam.SamFrame;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.prompt.Point;
import org.sparsesam.core.tune.PseudoLabel;
import org.sparsesam.core.tune.PseudoLabelSettings;

class LowResPseudoLabelTest {
    // 150 x 100 in a 128 input: resized to 128 x 85; 64 x 64 masks of 2 model pixels per cell. Rows whose centre
    // (v + 0.5) * 2 lies at or beyond 85 (v >= 42) are padding, every column holds image.
    private static final SamFrame FRAME = SamFrame.of(150, 100, 128);

    private static FloatPlane constant(float value) {
        FloatPlane p = new FloatPlane(150, 100);
        Arrays.fill(p.data(), value);
        return p;
    }

    @Test
    void confidentImageCellsCountAndThePaddingDoesNot() {
        PseudoLabel all = LowResPseudoLabel.of(constant(1f), List.of(), FRAME, 64, PseudoLabelSettings.defaults());
        assertEquals(42 * 64, all.confidentCells().length);
        assertEquals(1f, all.target(41 * 64 + 63));
        assertEquals(0f, all.weight(42 * 64));
        PseudoLabel unsure = LowResPseudoLabel.of(constant(0.5f), List.of(), FRAME, 64, PseudoLabelSettings.defaults());
        assertEquals(0, unsure.confidentCells().length);
        PseudoLabel background = LowResPseudoLabel.of(constant(0.1f), List.of(), FRAME, 64, PseudoLabelSettings.defaults());
        assertEquals(42 * 64, background.confidentCells().length);
        assertEquals(0f, background.target(0));
    }

    @Test
    void clicksAreCertainAndWeighMore() {
        // (20, 85) -> model (17.07, 72.25) -> cell (floor(17.57 / 2), floor(72.75 / 2)) = (8, 36).
        PseudoLabelSettings settings = new PseudoLabelSettings(0.2, 0.2, 1, 10);
        PseudoLabel label = LowResPseudoLabel.of(constant(0.5f), List.of(Point.bg(20, 85), Point.fg(60, 30)), FRAME, 64, settings);
        int centre = 36 * 64 + 8;
        assertEquals(10f, label.weight(centre));
        assertEquals(0f, label.target(centre));
        // Radius 1: the centre and its four neighbours, for each of the two clicks.
        assertEquals(10, label.confidentCells().length);
        assertEquals(10f, label.weight(centre + 64));
        assertEquals(0f, label.weight(centre + 65));
        // (60, 30) -> model (51.2, 25.5) -> cell (25, 13), foreground.
        assertEquals(1f, label.target(13 * 64 + 25));
        assertEquals(10f, label.weight(13 * 64 + 25));
    }
}
