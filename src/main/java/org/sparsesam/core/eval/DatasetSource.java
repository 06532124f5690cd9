package org.sparsesam.core.eval;

import java.util.List;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.LabelImage;

/**
 * A set of images with ground-truth masks, as the evaluation runner reads it. File-backed implementations
 * live outside core (they need ImageJ to decode files); tests can serve images from memory.
 * Loading methods throw {@link org.sparsesam.core.SparseSamException} with a message naming the item and the
 * problem (missing, unreadable); the runner reports it and goes on with the next item.
 */
public interface DatasetSource {
    /** A short name for reports, e.g. the folder name. */
    String name();

    /** The items in a stable order (sorted file names), so that runs and their CSV files repeat exactly. */
    List<String> items();

    boolean hasMask(String item);

    RasterImage loadImage(String item);

    /** The ground truth: 0 background, any other value an object (binary or instance labels). */
    LabelImage loadMask(String item);
}
