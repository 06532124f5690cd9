package org.sparsesam.core.encode;

/**
 * What an encoder produces and needs, known before it runs: what memory estimates and tiling ask of an encoder,
 * so that they can treat every encoder alike instead of asking which class it is.
 *
 * @param channels             feature channels of the grid
 * @param auxiliaryPlanes      auxiliary planes the grid carries besides them (see {@link FeatureGrid#withAuxiliary})
 * @param stride               image pixels per grid cell along each axis
 * @param workBytesPerPixel    Java heap bytes the encoder holds while encoding, per pixel of what it encodes at once
 *                             (the whole image, or one tile when {@code tileSize} > 0), besides its input and the grid
 *                             it returns; native memory of a model runtime is not counted: it is not heap
 * @param tileSize             side of the tiles the encoder cuts an image into by itself; 0 when it encodes any image whole
 * @param tileMargin           pixels each tile reaches beyond the part of it that is kept; 0 untiled
 */
public record EncoderProfile(int channels, int auxiliaryPlanes, int stride, double workBytesPerPixel, int tileSize, int tileMargin) {

    public EncoderProfile {
        if (channels < 1 || auxiliaryPlanes < 0 || stride < 1 || workBytesPerPixel < 0 || tileSize < 0 || tileMargin < 0
                || tileSize > 0 && 2 * tileMargin >= tileSize) {
            throw new IllegalArgumentException("inconsistent encoder profile " + channels + "/" + auxiliaryPlanes + "/" + stride
                    + "/" + workBytesPerPixel + "/" + tileSize + "/" + tileMargin);
        }
    }

    /** Heap bytes of the grid (channels and auxiliary planes, 4-byte floats) of a {@code width} x {@code height} image. */
    public long gridBytes(int width, int height) {
        long cells = (long) ((width + stride - 1) / stride) * ((height + stride - 1) / stride);
        return 4L * (channels + auxiliaryPlanes) * cells;
    }
}
