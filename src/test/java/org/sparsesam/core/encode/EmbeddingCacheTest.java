package org.sparsesam.core.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.image.RasterImage;

class EmbeddingCacheTest {
    private static RasterImage image(float value) {
        FloatPlane p = new FloatPlane(4, 4);
        java.util.Arrays.fill(p.data(), value);
        return RasterImage.grey(p);
    }

    private static FeatureGrid grid() {
        // 1 channel of 4x4 floats = 64 bytes
        return new FeatureGrid(new FloatPlane[] {new FloatPlane(4, 4)}, new String[] {"f"}, 1, 4, 4);
    }

    @Test
    void hitsOnEqualContentAndSameEncoderOnly() {
        EmbeddingCache cache = new EmbeddingCache(1000);
        FeatureGrid g = grid();
        cache.put("enc", image(1), g);
        assertSame(g, cache.get("enc", image(1)), "same pixels in a new object must hit");
        assertNull(cache.get("other-encoder", image(1)));
        assertNull(cache.get("enc", image(2)));
        assertEquals(1, cache.hits());
        assertEquals(2, cache.misses());
    }

    @Test
    void evictsLeastRecentlyUsedBeyondTheBudget() {
        EmbeddingCache cache = new EmbeddingCache(128); // room for two 64-byte grids
        cache.put("e", image(1), grid());
        cache.put("e", image(2), grid());
        cache.get("e", image(1)); // 1 is now more recent than 2
        cache.put("e", image(3), grid());
        assertEquals(2, cache.size());
        assertNull(cache.get("e", image(2)));
        cache.put("e", image(4), new FeatureGrid(new FloatPlane[] {new FloatPlane(10, 10)}, new String[] {"f"}, 1, 10, 10));
        assertEquals(2, cache.size(), "a grid larger than the whole budget is not cached");
    }
}
