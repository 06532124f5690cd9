package org.sparsesam.core.eval;

/**
 * What a dataset's masks hold. Instance masks give each object its own value; binary masks only say
 * object or not (0/255 or 0/1), so objects are recovered as connected components and touching objects
 * merge, which makes object metrics on binary masks approximate.
 */
public enum GtKind {
    INSTANCE, BINARY;

    public String csvName() {
        return this == INSTANCE ? "instance" : "binary";
    }
}
