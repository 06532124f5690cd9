// Sparse SAM on one image: segment every structure like the clicked ones.
//
// The clicks come from a points file (lines x,y,label with label fg = a structure to find or bg = background,
// in pixels; `./sparse-sam points-from-truth` writes such files) or, without one, from the image's multi-point
// selection (counter 0 = foreground, counter 1 = background) or point ROIs named fg... / bg... in the ROI Manager.
//
// What it gives is what Plugins > Segmentation > Sparse SAM gives untouched: one ROI per object added to the ROI
// Manager (its ROIs stay as they were), a 16-bit label image, outlines on the image and the Results table.
// It prints "<image>: <n> objects". With output=[folder] it also saves <name>-labels.tif and <name>-results.csv
// there (refusing to overwrite either).
//
// Use:
//   Fiji/ImageJ: open the image, click with the multi-point tool, then Plugins > Macros > Run... this file.
//   Unattended:  ImageJ -batch Sparse_SAM_Image.ijm "image=[/data/slide.png] points=[/data/slide-points.csv] output=[/data/out]"
//   (see the README, "Run a macro unattended", for the ImageJ command and a virtual display).
//   Keys of the argument: image, points, output (all optional); any other key is passed on to Sparse SAM,
//   e.g. "image=[...] points=[...] no_split min_area=30" (the keys are listed in the README).

args = getArgument();
image = call("ij.Macro.getValue", args, "image", "");
output = call("ij.Macro.getValue", args, "output", "");
// Sparse SAM reads points= and its own keys from the same argument; image= and output= it ignores.
if (image != "") open(image);
name = "";
if (nImages > 0) name = getTitle();
run("Sparse SAM", args);
print(name + ": " + nResults + " objects");
if (output != "") {
    base = File.getNameWithoutExtension(name);
    labels = output + File.separator + base + "-labels.tif";
    table = output + File.separator + base + "-results.csv";
    if (File.exists(labels) || File.exists(table)) {
        print("Sparse SAM: " + labels + " or " + table + " exists already: choose another output folder (nothing is overwritten).");
        exit;
    }
    File.makeDirectory(output);
    selectLabelImage();
    saveAs("Tiff", labels);
    saveAs("Results", table);
    print("saved " + labels + " and " + table);
}

// The label image the run just showed: the last image whose title ends in -labels.
function selectLabelImage() {
    for (j = nImages; j >= 1; j--) {
        selectImage(j);
        if (endsWith(getTitle(), "-labels")) return;
    }
    exit("Sparse SAM: no label image was shown (was no_label_image given?).");
}
