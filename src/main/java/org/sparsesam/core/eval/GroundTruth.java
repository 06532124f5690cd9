package org.sparsesam.core.eval;

import org.sparsesam.core.instance.BinaryMask;
import org.sparsesam.core.instance.ConnectedComponents;
import org.sparsesam.core.instance.Connectivity;
import org.sparsesam.core.instance.LabelImage;

/** Ground-truth masks as objects: deciding whether a mask holds instance labels, and splitting binary masks. */
public final class GroundTruth {
    private GroundTruth() {}

    /**
     * True when the mask holds more than one distinct non-zero value, i.e. it is an instance label image.
     * A dataset is instance-labelled when any of its masks is: a binary-looking mask with a single object
     * can occur in an instance dataset, never the other way round.
     */
    public static boolean hasSeveralObjectValues(LabelImage mask) {
        int first = 0;
        for (int v : mask.data()) {
            if (v != 0) {
                if (first == 0) {
                    first = v;
                } else if (v != first) {
                    return true;
                }
            }
        }
        return false;
    }

    public static boolean isEmpty(LabelImage mask) {
        for (int v : mask.data()) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    /** The objects of a mask: the labels themselves for instance masks, 8-connected components for binary ones. */
    public static LabelImage objects(LabelImage mask, GtKind kind) {
        return kind == GtKind.INSTANCE ? mask : components(mask);
    }

    /** 8-connected components of the foreground, labelled 1..N in raster order of their first pixel. */
    static LabelImage components(LabelImage mask) {
        return ConnectedComponents.label(BinaryMask.of(mask), Connectivity.EIGHT);
    }
}
