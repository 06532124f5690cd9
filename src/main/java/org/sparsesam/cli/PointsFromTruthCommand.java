package org.sparsesam.cli;

import org.sparsesam.ij.DatasetFolder;
import org.sparsesam.ij.ImageFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.eval.EvaluationRunner;
import org.sparsesam.core.eval.GroundTruth;
import org.sparsesam.core.eval.GtKind;
import org.sparsesam.core.instance.LabelImage;
import org.sparsesam.core.prompt.ClickSimulator;
import org.sparsesam.core.prompt.PointsCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code points-from-truth DATASET --out DIR}: a points file {@code <image base name>-points.csv} per image, with
 * clicks simulated from its ground-truth mask, as the Sparse SAM Batch command and macro read them. The clicks are
 * the ones {@code evaluate} uses with the same --clicks, --protocol and --seed (its repeat 0), so a batch run over
 * these files can be compared with an evaluation. Images without a usable mask are reported and skipped.
 */
@Command(name = "points-from-truth", mixinStandardHelpOptions = true,
        description = "Write <image>-points.csv per image of a dataset (images/ and masks/) from its ground truth, for batch runs.")
public final class PointsFromTruthCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATASET", description = "Folder with images/ and masks/ (same file names).")
    Path dataset;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the points files; must be empty unless --force.")
    Path out;

    @Mixin
    ClickProtocolMixin clickProtocol;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the click simulation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--force", description = "Write into a non-empty folder, overwriting points files of the same names.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        ClickSimulator simulator = new ClickSimulator(clickProtocol.protocol(), clickProtocol.counts());
        DatasetFolder folder = new DatasetFolder(dataset);
        List<String> items = folder.items();
        if (items.isEmpty()) {
            throw new SparseSamException("The dataset " + dataset + " holds no images: put images in images/ and masks of the same names in masks/.");
        }
        OutputFolder output = OutputFolder.prepare(out, force);
        GtKind kind = EvaluationRunner.detectKind(folder, items, Progress.NONE, CancelToken.none());
        int written = 0;
        for (String item : items) {
            String problem = null;
            LabelImage mask = null;
            if (!folder.hasMask(item)) {
                problem = "no mask with this name in masks/";
            } else {
                try {
                    mask = folder.loadMask(item);
                } catch (SparseSamException e) {
                    problem = e.getMessage();
                }
            }
            if (mask != null && GroundTruth.isEmpty(mask)) {
                problem = "mask is empty (no objects to click)";
            }
            if (problem != null) {
                stdout.println(item + " skipped: " + problem);
                continue;
            }
            ClickSimulator.Clicks made = simulator.simulate(GroundTruth.objects(mask, kind), seed);
            output.writeText(ImageFiles.baseName(item) + PointsCsv.FILE_SUFFIX, PointsCsv.format(made.points()));
            written++;
            stdout.println(item + ": " + made.foregroundCount() + " fg, " + made.backgroundCount() + " bg");
            for (String note : made.notes()) {
                stdout.println("  note: " + note);
            }
        }
        stdout.println(written + " points files written to " + output.root() + " (" + kind.csvName() + " masks, clicks " + clickProtocol.clicks
                + " " + clickProtocol.protocol().key() + ", seed " + seed + ")");
        stdout.flush();
        if (written == 0) {
            throw new SparseSamException("No image of " + dataset + " had a usable mask: see the reasons above.");
        }
        return 0;
    }
}
