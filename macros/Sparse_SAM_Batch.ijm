// Sparse SAM Batch: segment every image of a folder with the clicks in its points file.
//
// For each image <name>.<ext> (PNG, TIFF, JPEG, BMP, GIF) in the input folder, the clicks come from
// <name>-points.csv in the points folder (the input folder when none is given): lines x,y,label with
// label fg (a structure to find) or bg (background), pixel coordinates. `./sparse-sam points-from-truth`
// writes such files from ground-truth masks.
//
// Into the output folder (it may be the input folder) go, per image:
//   <name>-labels.tif   16-bit label image (0 = background), calibrated like the image
//   <name>-rois.zip     the objects as an ROI set (File > Open it, or ROI Manager > More > Open)
//   <name>-results.csv  one row per object: label, ROI name, area (calibrated), centroid, mean similarity
//   journal/<image>.done  written last, when all three are in place (journal/run.properties: the run's settings)
// and, rewritten after every image, summary.csv: image,status,objects,seconds,message with status
// done, already-done, skipped (no points file), failed (unreadable image, bad points...) or not-reached.
//
// Left alone, it goes on past a bad image. Run it again on the same output folder and it skips every image
// whose journal entry and outputs are present: after a crash, a kill or Esc it does only what is left, and
// deleting an output (or its journal entry) makes it redo that one image. Tick "redo" to redo all.
// An output folder with results of another run (no journal/run.properties, or one with another points folder
// or other options) is refused before anything is written, unless "redo" is ticked.
//
// Use:
//   Fiji/ImageJ: Plugins > Macros > Run... this file, and answer the folder prompts.
//   Unattended:  ImageJ -batch Sparse_SAM_Batch.ijm "input=[/data/slides] points_folder=[/data/points] output=[/data/out]"
//   (see the README, "Run a macro unattended", for the ImageJ command and a virtual display). The argument takes
//   the keys of Plugins > Segmentation > Sparse SAM Batch: input, points_folder, output, redo, and the method's
//   keys (encoder, min_area, no_split, tune, seed... : the README lists them). What is left out is the default:
//   builtin encoder, touching objects split (no_split keeps them together).

args = getArgument();
if (args == "") {
    input = getDirectory("Sparse SAM Batch: folder of images to segment");
    points = getDirectory("Sparse SAM Batch: folder of the <name>-points.csv files");
    output = getDirectory("Sparse SAM Batch: output folder");
    args = "input=[" + input + "] points_folder=[" + points + "] output=[" + output + "]";
}
setBatchMode(true);
run("Sparse SAM Batch", args);
setBatchMode(false);
