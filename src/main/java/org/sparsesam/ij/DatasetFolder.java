package org.sparsesam.ij;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.eval.DatasetSource;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.instance.LabelImage;

/**
 * A dataset on disk: {@code images/} and {@code masks/} with one mask per image under the same file name
 * (or, failing that, the same name with another image extension, as with JPEG images and PNG masks).
 * Items are the image file names in sorted order.
 */
public final class DatasetFolder implements DatasetSource {

    private final Path root;
    private final Path images;
    private final Path masks;
    private final List<String> items;

    public DatasetFolder(Path root) {
        this.root = root;
        this.images = root.resolve("images");
        this.masks = root.resolve("masks");
        if (!Files.isDirectory(root)) {
            throw new SparseSamException("The dataset folder " + root + " does not exist: give a folder holding images/ and masks/.");
        }
        if (!Files.isDirectory(images) || !Files.isDirectory(masks)) {
            throw new SparseSamException("The dataset folder " + root + " lacks images/ or masks/: put the images in images/ and their masks, "
                    + "under the same file names, in masks/.");
        }
        items = ImageFiles.listImages(images);
    }

    @Override
    public String name() {
        Path name = root.toAbsolutePath().normalize().getFileName();
        return name == null ? root.toString() : name.toString();
    }

    @Override
    public List<String> items() {
        return items;
    }

    @Override
    public boolean hasMask(String item) {
        return maskFile(item).isPresent();
    }

    @Override
    public RasterImage loadImage(String item) {
        return ImageConversion.toRaster(ImageFiles.open(images.resolve(item)));
    }

    @Override
    public LabelImage loadMask(String item) {
        Path mask = maskFile(item).orElseThrow(() -> new SparseSamException("No mask for " + item + " in " + masks
                + ": save it there under the same file name."));
        return ImageConversion.toLabels(ImageFiles.openMask(mask));
    }

    public Path imageFile(String item) {
        return images.resolve(item);
    }

    private Optional<Path> maskFile(String item) {
        Path same = masks.resolve(item);
        if (Files.isRegularFile(same)) {
            return Optional.of(same);
        }
        String base = ImageFiles.baseName(item);
        return ImageFiles.IMAGE_EXTENSIONS.stream().sorted().map(ext -> masks.resolve(base + "." + ext)).filter(Files::isRegularFile).findFirst();
    }
}
