package org.sparsesam.command;

import static org.sparsesam.command.OptionKeys.*;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.sparsesam.ij.DatasetFolder;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.SegmentOptions;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.EncoderFactory;
import org.sparsesam.core.fewshot.DatasetTraining;
import org.sparsesam.core.fewshot.FewShotKind;
import org.sparsesam.core.fewshot.FewShotModel;
import org.sparsesam.core.fewshot.FewShotSettings;
import org.sparsesam.core.model.TrainedModelFile;
import org.sparsesam.ij.EscapeCancel;
import org.sparsesam.ij.ImageJProgress;

/**
 * Plugins > Segmentation > Sparse SAM Few-shot > Train from annotations: a dataset folder in, a .ssam model
 * file out, the same training as {@code sparse-sam train}. Macro: {@code run("Train from annotations",
 * "dataset=[DIR] shots=4 head=linear seed=1 encoder=builtin model=[FILE.ssam]")}; a macro without head= trains
 * the dialog's default, {@link FewShotKind#DEFAULT_KEY}.
 */
public final class TrainModelPlugin implements PlugIn {
    private static final String[] HEADS = {"linear", "prototypes", "cnn"};

    @Override
    public void run(String arg) {
        CancelToken cancel = new CancelToken();
        try (EscapeCancel esc = EscapeCancel.watch(cancel)) {
            GenericDialog gd = new GenericDialog("Train from annotations");
            gd.addDirectoryField(DATASET_LABEL, "", 30);
            gd.addNumericField(SHOTS_LABEL, 4, 0);
            gd.addChoice(HEAD_LABEL, HEADS, FewShotKind.DEFAULT_KEY);
            gd.addNumericField(SEED_LABEL, SegmentOptions.defaults().seed(), 0);
            gd.addStringField(ENCODER_LABEL, SegmentOptions.DEFAULT_ENCODER, 20);
            gd.addFileField(MODEL_LABEL, "", 30);
            gd.showDialog();
            if (gd.wasCanceled()) {
                return;
            }
            Path dataset = Path.of(gd.getNextString().strip());
            int shots = (int) gd.getNextNumber();
            FewShotKind kind = FewShotKind.parse(gd.getNextChoice());
            long seed = (long) gd.getNextNumber();
            String encoder = gd.getNextString().strip();
            Path out = Path.of(gd.getNextString().strip());
            if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(TrainedModelFile.EXTENSION)) {
                throw new SparseSamException("The model file " + out + " does not end in " + TrainedModelFile.EXTENSION
                        + ": name it model" + TrainedModelFile.EXTENSION + " or similar.");
            }
            if (Files.exists(out)) {
                throw new SparseSamException(out + " already exists: choose another model file name (nothing is overwritten).");
            }
            DatasetFolder folder = new DatasetFolder(dataset);
            List<String> training = DatasetTraining.draw(DatasetTraining.annotatedItems(folder), shots, seed);
            FewShotModel model;
            try (SparseSam sam = new SparseSam(SegmentOptions.defaults().toBuilder().encoder(encoder).seed(seed).build(),
                    EncoderFactory.create(encoder))) {
                model = DatasetTraining.train(sam, folder, training, FewShotSettings.defaults(kind).withSeed(seed), 2,
                        new ImageJProgress(), cancel);
            }
            TrainedModelFile.write(model, out);
            IJ.log("Sparse SAM: trained " + kind.key() + " on " + String.join(", ", model.trainingImages())
                    + (Double.isFinite(model.devDice()) ? String.format(Locale.ROOT, "; development Dice %.3f", model.devDice()) : "")
                    + " -> " + out);
        } catch (CancelToken.CancelledException e) {
            IJ.showStatus("Sparse SAM: cancelled");
        } catch (SparseSamException e) {
            PluginOutputs.reportError(e.getMessage());
        } finally {
            IJ.showProgress(1.0);
        }
    }
}
