package org.sparsesam.command;

import ij.ImagePlus;
import java.io.File;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.MemoryEstimate;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SegmentResult;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.ij.ResultsOutput;
import org.sparsesam.ij.RoiManagers;

/**
 * Sparse SAM for scripts and headless SciJava: the same keys as the ImageJ 1 command's macro options. It has no
 * menu path on purpose, so Fiji shows one menu entry, the ImageJ 1 one from plugins.config.
 */
@Plugin(type = Command.class, headless = true, name = "sparse-sam", label = "Sparse SAM")
public final class SparseSamCommand extends ContextCommand {
    private static final SegmentOptions DEFAULTS = SegmentOptions.defaults();

    @Parameter(label = "Image") private ImagePlus input;
    @Parameter(label = OptionKeys.POINTS_LABEL, description = OptionKeys.POINTS_HELP, required = false) private File points;
    @Parameter(label = OptionKeys.ENCODER_LABEL, description = OptionKeys.ENCODER_HELP) private String encoder = DEFAULTS.encoder();
    @Parameter(label = OptionKeys.MIN_AREA_LABEL, description = OptionKeys.MIN_AREA_HELP, min = "0") private int min_area = DEFAULTS.minArea();
    @Parameter(label = OptionKeys.NO_SPLIT_LABEL, description = OptionKeys.NO_SPLIT_HELP) private boolean no_split = !DEFAULTS.splitTouching();
    @Parameter(label = OptionKeys.TUNE_LABEL, description = OptionKeys.TUNE_HELP, choices = {OptionKeys.TUNE_NONE, OptionKeys.TUNE_HEAD, OptionKeys.TUNE_SAM})
    private String tune = DEFAULTS.tune();
    @Parameter(label = OptionKeys.TUNE_ITERATIONS_LABEL, description = OptionKeys.TUNE_ITERATIONS_HELP, min = "0")
    private int tune_iterations = DEFAULTS.tuneIterations();
    @Parameter(label = OptionKeys.SEED_LABEL, description = OptionKeys.SEED_HELP) private long seed = DEFAULTS.seed();
    @Parameter(label = OptionKeys.DEVICE_LABEL, description = OptionKeys.DEVICE_HELP,
            choices = {OptionKeys.DEVICE_AUTO, OptionKeys.DEVICE_CPU, OptionKeys.DEVICE_GPU}) private String device = DEFAULTS.device();
    @Parameter(label = OptionKeys.MODE_LABEL, description = OptionKeys.MODE_HELP,
            choices = {OptionKeys.MODE_SIMILARITY, OptionKeys.MODE_REFINE, OptionKeys.MODE_CLICKS})
    private String mode = DEFAULTS.mode();
    @Parameter(label = OptionKeys.SCALE_LABEL, description = OptionKeys.SCALE_HELP, min = "0.01", max = "1", stepSize = "0.05")
    private double scale = DEFAULTS.scale();
    @Parameter(label = OptionKeys.TILE_SIZE_LABEL, description = OptionKeys.TILE_SIZE_HELP, min = "0") private int tile_size = DEFAULTS.tileSize();
    @Parameter(label = OptionKeys.CACHE_DIR_LABEL, description = OptionKeys.CACHE_DIR_HELP, style = "directory", required = false)
    private File cache_dir;

    @Parameter(type = ItemIO.OUTPUT) private ImagePlus label_image;
    @Parameter(type = ItemIO.OUTPUT) private ImagePlus mask;
    @Parameter(type = ItemIO.OUTPUT) private int count;

    @Parameter private LogService log;

    @Override
    public void run() {
        CancelToken token = new CancelToken();
        Thread worker = Thread.currentThread();
        // Future.cancel(true) interrupts the worker; the core sees that at its next report.
        Progress progress = new Progress() {
            @Override
            public void report(String stage, double fraction) {
                if (worker.isInterrupted()) {
                    token.cancel();
                }
            }

            @Override
            public void note(String message) {
                log.info("Sparse SAM: " + message);
            }
        };
        try {
            SegmentOptions options = DEFAULTS.toBuilder().encoder(encoder).minArea(min_area).splitTouching(!no_split)
                    .tune(tune).tuneIterations(tune_iterations).seed(seed).device(device).mode(mode).scale(scale).tileSize(tile_size)
                    .cacheDir(cache_dir == null ? "" : cache_dir.getPath()).build();
            SegmentResult result = SegmentRun.run(input, points == null ? null : points.toPath(),
                    RoiManagers.rois(RoiManagers.existing()), options, progress, token);
            label_image = ResultsOutput.labelImage(result.labels(), input);
            mask = ResultsOutput.mask(result.labels(), input);
            count = result.count();
        } catch (SparseSamException e) {
            log.error("Sparse SAM: " + e.getMessage());
            cancel(e.getMessage());
        } catch (OutOfMemoryError e) {
            // what the memory estimate could not foresee (a library's buffers): a message, not a dead command
            String message = "ran out of memory: " + MemoryEstimate.RAISE_HEAP;
            log.error("Sparse SAM: " + message);
            cancel(message);
        }
    }
}
