package org.sparsesam.core.tile;

import java.util.List;
import org.sparsesam.core.image.FloatPlane;
import org.sparsesam.core.instance.InstanceInfo;
import org.sparsesam.core.instance.LabelImage;

/**
 * Receives a tiled segmentation tile by tile, in raster order: to assemble whole label and probability images
 * ({@link AssembledTiles}), or to write or count them without holding the whole image.
 */
@FunctionalInterface
public interface TileSink {
    /**
     * @param tile      the tile, in image coordinates
     * @param labels    over the tile's outer rectangle: the kept objects only, labelled 1..N in {@code instances} order
     * @param probability over the tile's outer rectangle (valid as the whole image's inside the core)
     * @param instances the kept objects, centroids in image coordinates, each with its label in {@code labels}
     */
    void accept(TileLayout.Tile tile, LabelImage labels, FloatPlane probability, List<InstanceInfo> instances);
}
