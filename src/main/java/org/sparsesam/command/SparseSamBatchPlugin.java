package org.sparsesam.command;

import ij.IJ;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import java.util.List;
import org.sparsesam.batch.BatchRow;
import org.sparsesam.batch.FolderBatch;
import org.sparsesam.batch.PointsFileJob;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.SparseSam;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.encode.EmbeddingCache;
import org.sparsesam.core.encode.EncoderFactory;
import org.sparsesam.ij.EscapeCancel;
import org.sparsesam.ij.ImageJProgress;

/**
 * Plugins > Segmentation > Sparse SAM Batch: every image of a folder, clicks from a points file per image, outputs
 * and a summary in an output folder (see {@link FolderBatch}). Shows the summary as a table; Esc stops after the
 * current step, and the next run finishes the rest.
 */
public final class SparseSamBatchPlugin implements PlugIn {
    public static final String SUMMARY_TITLE = "Sparse SAM Batch Summary";

    @Override
    public void run(String arg) {
        CancelToken cancel = new CancelToken();
        try (EscapeCancel esc = EscapeCancel.watch(cancel)) {
            BatchDialog.Choices choices = BatchDialog.ask();
            if (choices == null) {
                return;
            }
            List<BatchRow> rows;
            // One encoder for the whole folder; no embedding cache, since each image is seen once.
            ImageJProgress progress = new ImageJProgress();
            try (SparseSam sam = new SparseSam(choices.options(),
                    EncoderFactory.create(choices.options(), FijiModelFolder.store(), progress), new EmbeddingCache(0))) {
                FolderBatch batch = new FolderBatch(choices.settings(), runSettings(choices), new PointsFileJob(choices.pointsFolder(), sam));
                rows = batch.run(progress, cancel);
            }
            table(rows).show(SUMMARY_TITLE);
            IJ.log("Sparse SAM Batch: " + count(rows, BatchRow.Status.DONE) + " done, " + count(rows, BatchRow.Status.ALREADY_DONE)
                    + " finished earlier, " + count(rows, BatchRow.Status.SKIPPED) + " skipped, " + count(rows, BatchRow.Status.FAILED)
                    + " failed; summary in " + choices.settings().output().resolve(FolderBatch.SUMMARY_FILE));
            IJ.showStatus("Sparse SAM Batch: " + rows.size() + " images");
        } catch (CancelToken.CancelledException e) {
            IJ.log("Sparse SAM Batch: cancelled; run it again to finish the remaining images.");
            IJ.showStatus("Sparse SAM Batch: cancelled");
        } catch (SparseSamException e) {
            PluginOutputs.reportError(e.getMessage());
        } finally {
            IJ.showProgress(1.0);
        }
    }

    /** What decides a batch's outputs besides its images: resuming a run with other settings would mix two. */
    static String runSettings(BatchDialog.Choices choices) {
        return "points folder " + choices.pointsFolder().toAbsolutePath().normalize() + "; " + choices.options();
    }

    private static long count(List<BatchRow> rows, BatchRow.Status status) {
        return rows.stream().filter(r -> r.status() == status).count();
    }

    private static ResultsTable table(List<BatchRow> rows) {
        ResultsTable table = new ResultsTable();
        for (BatchRow r : rows) {
            table.incrementCounter();
            table.addValue("Image", r.image());
            table.addValue("Status", r.status().word());
            table.addValue("Objects", r.objects() < 0 ? Double.NaN : r.objects());
            table.addValue("Seconds", r.seconds());
            table.addValue("Message", r.message());
        }
        return table;
    }
}
