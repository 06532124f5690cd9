package org.sparsesam.core.image;

/**
 * An image read a rectangle at a time, so that a tiled segmentation holds one tile of it, not all of it: an image in
 * memory ({@link #of(RasterImage)}), or one generated or read on demand. Reads never change the image.
 */
public interface ImageSource {
    int width();

    int height();

    boolean isRgb();

    /** The pixels of {@code [x, x + width) x [y, y + height)}, which lies inside the image, as a new image. */
    RasterImage read(int x, int y, int width, int height);

    /** The whole of an image held in memory, read by copying rectangles out of it. */
    static ImageSource of(RasterImage image) {
        return new ImageSource() {
            @Override
            public int width() {
                return image.width();
            }

            @Override
            public int height() {
                return image.height();
            }

            @Override
            public boolean isRgb() {
                return image.isRgb();
            }

            @Override
            public RasterImage read(int x, int y, int width, int height) {
                FloatPlane[] planes = new FloatPlane[image.channelCount()];
                for (int c = 0; c < planes.length; c++) {
                    planes[c] = crop(image.channel(c), x, y, width, height);
                }
                return planes.length == 3 ? RasterImage.rgb(planes[0], planes[1], planes[2]) : RasterImage.grey(planes[0]);
            }
        };
    }

    private static FloatPlane crop(FloatPlane plane, int x, int y, int width, int height) {
        if (x < 0 || y < 0 || x + width > plane.width() || y + height > plane.height()) {
            throw new IllegalArgumentException("rectangle " + x + "," + y + " " + width + "x" + height + " is outside the "
                    + plane.width() + "x" + plane.height() + " image");
        }
        FloatPlane out = new FloatPlane(width, height);
        for (int row = 0; row < height; row++) {
            System.arraycopy(plane.data(), (y + row) * plane.width() + x, out.data(), row * width, width);
        }
        return out;
    }
}
