package org.sparsesam.core.fewshot;

import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.LabelImage;

/**
 * One training example: an image and its objects (instance labels 1..N, 0 background; a binary mask's
 * connected components will do).
 */
public record AnnotatedImage(String name, RasterImage image, LabelImage objects) {
    public AnnotatedImage {
        if (image.width() != objects.width() || image.height() != objects.height()) {
            throw new SparseSamException("The annotation of " + name + " is " + objects.width() + "x" + objects.height()
                    + " but the image is " + image.width() + "x" + image.height() + ": give a mask of the image's size.");
        }
    }
}
