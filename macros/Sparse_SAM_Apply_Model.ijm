// Sparse SAM few-shot: segment every image of a folder with a trained model (.ssam), no clicks.
//
// The model comes from Plugins > Segmentation > Sparse SAM Few-shot > Train from annotations, or from
// `./sparse-sam train DATASET --shots 4 --out FOLDER/nuclei.ssam`. For each image <name>.<ext> (PNG, TIFF, JPEG,
// BMP, GIF) of the input folder it saves, into the output folder:
//   <name>-labels.tif   16-bit label image (0 = background), calibrated like the image
//   <name>-results.csv  one row per object: label, ROI name, area (calibrated), centroid, mean similarity
// and prints "<image>: <n> objects". It refuses to overwrite an output that exists, and stops at the first
// image that fails with a one-line error; the command line's `apply` goes on past bad images and resumes.
// The ROI Manager is left alone.
//
// Use:
//   Fiji/ImageJ: Plugins > Macros > Run... this file, and answer the prompts.
//   Unattended:  ImageJ -batch Sparse_SAM_Apply_Model.ijm "model=[/models/nuclei.ssam] input=[/data/cohort] output=[/data/out]"
//   (see the README, "Run a macro unattended", for the ImageJ command and a virtual display).

args = getArgument();
model = call("ij.Macro.getValue", args, "model", "");
input = call("ij.Macro.getValue", args, "input", "");
output = call("ij.Macro.getValue", args, "output", "");
if (model == "") model = File.openDialog("Sparse SAM: trained model (.ssam)");
if (input == "") input = getDirectory("Sparse SAM: folder of images to segment");
if (output == "") output = getDirectory("Sparse SAM: output folder");
File.makeDirectory(output);
setBatchMode(true);
files = getFileList(input);
for (i = 0; i < files.length; i++) {
    f = files[i];
    lower = toLowerCase(f);
    isImage = endsWith(lower, ".png") || endsWith(lower, ".tif") || endsWith(lower, ".tiff") || endsWith(lower, ".jpg")
        || endsWith(lower, ".jpeg") || endsWith(lower, ".bmp") || endsWith(lower, ".gif");
    if (isImage && !endsWith(lower, "-labels.tif")) {
        base = File.getNameWithoutExtension(f);
        labels = output + File.separator + base + "-labels.tif";
        table = output + File.separator + base + "-results.csv";
        if (File.exists(labels) || File.exists(table)) {
            print("Sparse SAM: " + labels + " or " + table + " exists already: choose another output folder (nothing is overwritten).");
            exit;
        }
        open(input + File.separator + f);
        run("Apply trained model", "model=[" + model + "] no_rois no_overlay");
        selectLabelImage();
        saveAs("Tiff", labels);
        saveAs("Results", table);
        print(f + ": " + nResults + " objects");
        close("*");
    }
}
setBatchMode(false);

// The label image the run just showed: the last image whose title ends in -labels.
function selectLabelImage() {
    for (j = nImages; j >= 1; j--) {
        selectImage(j);
        if (endsWith(getTitle(), "-labels")) return;
    }
    exit("Sparse SAM: no label image was shown (was no_label_image given?).");
}
