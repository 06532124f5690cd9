package org.sparsesam.core.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.image.FloatPlane;

class FeatureGridTest {
    private static FeatureGrid grid() {
        return new FeatureGrid(new FloatPlane[] {new FloatPlane(3, 2), new FloatPlane(3, 2)}, new String[] {"a", "b"}, 2, 6, 4);
    }

    @Test
    void auxiliaryPlanesAreNotChannels() {
        FeatureGrid plain = grid();
        FloatPlane map = new FloatPlane(3, 2, new float[] {0, 1, 2, 3, 4, 5});
        FeatureGrid more = plain.withAuxiliary("map", map);
        assertEquals(2, more.channelCount());
        assertSame(plain.channel(0), more.channel(0));
        assertSame(map, more.auxiliary("map"));
        assertNull(more.auxiliary("other"));
        assertNull(plain.auxiliary("map"));
        assertEquals(List.of(), plain.auxiliaryNames());
        assertEquals(4L * 3 * 3 * 2, more.sizeInBytes());
    }

    @Test
    void auxiliaryPlanesKeepTheirOrderAndReplaceByName() {
        FloatPlane first = new FloatPlane(3, 2), second = new FloatPlane(3, 2);
        FeatureGrid g = grid().withAuxiliary("z", first).withAuxiliary("a", first).withAuxiliary("z", second);
        assertEquals(List.of("z", "a"), g.auxiliaryNames());
        assertSame(second, g.auxiliary("z"));
    }

    @Test
    void auxiliaryPlaneMustHaveTheGridsSize() {
        assertThrows(IllegalArgumentException.class, () -> grid().withAuxiliary("map", new FloatPlane(2, 3)));
        assertThrows(IllegalArgumentException.class, () -> grid().withAuxiliary(" ", new FloatPlane(3, 2)));
    }
}
