package org.sparsesam.command;

/**
 * The macro keys of the Sparse SAM commands and their dialog labels, in one place. A GenericDialog's macro key
 * is the first word of its label, lower-cased, so each label starts with its key; the SciJava command names its
 * fields by the same keys. Defaults come from {@link org.sparsesam.core.SegmentOptions}, never from here.
 * <p>
 * A macro reads a checkbox whose key it leaves out as off, and the recorder writes only ticked ones. So every
 * checkbox is off by default: what is on by default (splitting, the outputs) is turned off by a {@code no_...}
 * key, and the shortest macro, {@code run("Sparse SAM", "points=[FILE]")}, does what the dialog does untouched.
 */
public final class OptionKeys {
    private OptionKeys() {}

    public static final String POINTS = "points";
    public static final String ENCODER = "encoder";
    public static final String MIN_AREA = "min_area";
    public static final String NO_SPLIT = "no_split";
    public static final String TUNE = "tune";
    public static final String TUNE_ITERATIONS = "tune_iterations";
    public static final String SEED = "seed";
    public static final String NO_ROIS = "no_rois";
    public static final String NO_LABEL_IMAGE = "no_label_image";
    public static final String MASK = "mask";
    public static final String NO_OVERLAY = "no_overlay";
    public static final String NO_RESULTS = "no_results";
    public static final String DEVICE = "device";
    public static final String PACKAGE = "package";
    public static final String REPLACE = "replace";
    public static final String MODE = "mode";

    public static final String POINTS_LABEL = "Points file";
    public static final String ENCODER_LABEL = "Encoder";
    public static final String MIN_AREA_LABEL = "Min_area";
    public static final String NO_SPLIT_LABEL = "No_split: keep touching objects together";
    public static final String TUNE_LABEL = "Tune";
    public static final String TUNE_ITERATIONS_LABEL = "Tune_iterations";
    public static final String SEED_LABEL = "Seed";
    public static final String NO_ROIS_LABEL = "No_rois in the ROI Manager";
    public static final String NO_LABEL_IMAGE_LABEL = "No_label_image";
    public static final String MASK_LABEL = "Mask (binary image)";
    public static final String NO_OVERLAY_LABEL = "No_overlay of outlines on the image";
    public static final String NO_RESULTS_LABEL = "No_results in the Results table";
    public static final String DEVICE_LABEL = "Device";
    public static final String PACKAGE_LABEL = "Package";
    public static final String REPLACE_LABEL = "Replace an installed model of the same name";

    public static final String DEVICE_AUTO = "auto";
    public static final String DEVICE_CPU = "cpu";
    public static final String DEVICE_GPU = "gpu";
    public static final String MODE_LABEL = "Mode";
    public static final String SCALE = "scale";
    public static final String SCALE_LABEL = "Scale";
    public static final String SCALE_HELP = "segment at this fraction of the image's magnification (0.5: a 40x slide at 20x); "
            + "outputs come back at full resolution";
    public static final String TILE_SIZE = "tile_size";
    public static final String TILE_SIZE_LABEL = "Tile_size";
    public static final String TILE_SIZE_HELP = "side in pixels of the tiles a large image is segmented in with the handmade encoder "
            + "(overlap included); memory depends on it, not on the image; 0 = automatic";
    public static final String CACHE_DIR = "cache_dir";
    public static final String CACHE_DIR_LABEL = "Cache_dir";
    public static final String CACHE_DIR_HELP = "folder where embeddings are kept between sessions (at most 4 GB, least recently "
            + "used go first), so an image is encoded once; empty = memory only";

    public static final String DATASET = "dataset";
    public static final String SHOTS = "shots";
    public static final String HEAD = "head";
    public static final String MODEL = "model";
    public static final String DATASET_LABEL = "Dataset folder";
    public static final String SHOTS_LABEL = "Shots";
    public static final String HEAD_LABEL = "Head";
    public static final String MODEL_LABEL = "Model file";
    public static final String DATASET_HELP = "folder with images/ and masks/ (same file names; instance labels or binary masks)";
    public static final String SHOTS_HELP = "annotated images to train on, drawn at random with the seed";
    public static final String HEAD_HELP = "what to learn: linear, prototypes or cnn";
    public static final String MODEL_HELP = "the .ssam model file to write (training) or read (applying)";

    public static final String TUNE_NONE = "none";
    public static final String TUNE_HEAD = "head";
    public static final String MODE_SIMILARITY = org.sparsesam.core.SegmentOptions.MODE_SIMILARITY;
    public static final String MODE_REFINE = org.sparsesam.core.SegmentOptions.MODE_REFINE;
    public static final String MODE_CLICKS = org.sparsesam.core.SegmentOptions.MODE_CLICKS;
    public static final String TUNE_SAM = "sam";

    public static final String POINTS_HELP = "x,y,label CSV (label fg or bg); leave empty to use the multi-point selection "
            + "(counter 0 = foreground, counter 1 = background) or point ROIs named fg... / bg... in the ROI Manager";
    public static final String ENCODER_HELP = "builtin (the learned histology encoder), handmade (hand-made features), or the name or path of a model package";
    public static final String MIN_AREA_HELP = "smallest object kept, in pixels; 0 = derived from the clicked objects";
    public static final String NO_SPLIT_HELP = "keep touching objects together instead of splitting them into separate instances";
    public static final String TUNE_HELP = "test-time tuning: none, head (a light head on the features) or sam (fine-tunes a SAM package's mask decoder)";
    public static final String TUNE_ITERATIONS_HELP = "iterations of test-time tuning";
    public static final String SEED_HELP = "seed of every random choice, so that runs repeat exactly";
    public static final String DEVICE_HELP = "where a SAM-family encoder runs: auto (GPU when CUDA works, else CPU), cpu or gpu";
    public static final String MODE_HELP = "similarity: self-similarity map to instances; refine: each instance re-drawn by SAM's "
            + "decoder; clicks: SAM's decoder mask for each foreground click (refine and clicks need a SAM model package)";

    // Sparse SAM Batch (a folder of images, a points file per image)
    public static final String INPUT = "input";
    public static final String POINTS_FOLDER = "points_folder";
    public static final String OUTPUT = "output";
    public static final String REDO = "redo";

    public static final String INPUT_LABEL = "Input folder";
    public static final String POINTS_FOLDER_LABEL = "Points_folder";
    public static final String OUTPUT_LABEL = "Output folder";
    public static final String REDO_LABEL = "Redo images finished earlier";

    /**
     * Output keys of macros recorded before the outputs were turned off by no_... keys. A macro that names any of
     * them gets exactly the outputs it names, as it did then.
     */
    public static final java.util.List<String> OLD_OUTPUT_KEYS = java.util.List.of("add_to_manager", "label_image", "overlay", "results");

    // The similarity map as a heat-map overlay on the image
    public static final String SIMILARITY_MAP = "similarity_map";
    public static final String SIMILARITY_MAP_LABEL = "Similarity_map heat-map overlay";
}
