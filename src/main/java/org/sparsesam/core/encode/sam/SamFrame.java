package org.sparsesam.core.encode.sam;

/**
 * How an image sits in the model's square input: resized so its longest side equals the input size
 * (SAM's ResizeLongestSide), placed at the top-left, the rest zero padding.
 */
public record SamFrame(int imageWidth, int imageHeight, int resizedWidth, int resizedHeight, int inputSize) {

    /** SAM's get_preprocess_shape, except that no side shrinks below one pixel (where SAM would fail). */
    public static SamFrame of(int imageWidth, int imageHeight, int inputSize) {
        double scale = inputSize * 1.0 / Math.max(imageWidth, imageHeight);
        int resizedWidth = Math.max(1, (int) (imageWidth * scale + 0.5));
        int resizedHeight = Math.max(1, (int) (imageHeight * scale + 0.5));
        return new SamFrame(imageWidth, imageHeight, resizedWidth, resizedHeight, inputSize);
    }

    /** Image x (pixel centres at integers) to model-frame x, as SAM's apply_coords (double, then float). */
    public float toModelX(double imageX) {
        return (float) (imageX * ((double) resizedWidth / imageWidth));
    }

    public float toModelY(double imageY) {
        return (float) (imageY * ((double) resizedHeight / imageHeight));
    }
}
