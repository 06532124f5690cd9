package org.sparsesam.core.image;

/** Stain concentrations from colour deconvolution: higher = more stain. */
public record StainPlanes(FloatPlane haematoxylin, FloatPlane eosin, FloatPlane residual) {}
