package org.sparsesam.core.encode.sam;

/** The encoder's input tensor [1, 3, S, S] (planar, row-major) and where the image sits in it. */
public record SamInput(float[] tensor, SamFrame frame) {}
