package org.sparsesam.core.similarity;

import org.sparsesam.core.image.FloatPlane;

/**
 * Cosine similarity of every grid cell to the clicked foreground and background, on the feature grid.
 * {@code background} is null when only foreground was clicked.
 */
public record SimilarityMaps(FloatPlane foreground, FloatPlane background) {
    public boolean hasBackground() {
        return background != null;
    }
}
