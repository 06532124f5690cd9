package org.sparsesam.core.tune.sam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.Progress;
import org.sparsesam.core.encode.sam.SamEmbedding;
import org.sparsesam.core.image.RasterImage;
import org.sparsesam.core.model.ModelManifest;
import org.sparsesam.core.model.TinySamFixture;
import org.sparsesam.core.tune.PseudoLabel;
import org.sparsesam.core.tune.PseudoLabelSettings;
import org.sparsesam.core.tune.TuneResult;

class SamDecoderTunerTest {
    private static final ModelManifest MANIFEST = ModelManifest.read(TinySamFixture.packageFolder().resolve("model.json"));

    private static TorchScriptDecoder openDecoder() {
        return TorchScriptDecoder.open(TinySamFixture.packageFolder().resolve(MANIFEST.decoderTorchScriptFile().orElseThrow()), MANIFEST);
    }

    private static PseudoLabel label(SamEmbedding embedding) {
        RasterImage image = TinySamTuning.image();
        return LowResPseudoLabel.of(TinySamTuning.darkNuclei(image), TinySamTuning.clicks(), embedding.frame(),
                MANIFEST.lowResMaskSize(), PseudoLabelSettings.defaults());
    }

    @Test
    void theTorchScriptDecoderComputesWhatPythonComputed() {
        // Parity of the DJL path with PyTorch: the reference masks came from the same weights in Python.
        SamEmbedding embedding = TinySamTuning.embedding();
        float[] python = TinySamFixture.floats("points_low_res_masks");
        int plane = MANIFEST.lowResMaskSize() * MANIFEST.lowResMaskSize();
        try (TorchScriptDecoder decoder = openDecoder(); NDManager manager = decoder.newManager()) {
            NDList inputs = decoder.inputs(manager, embedding, TinySamTuning.clicks());
            for (int mask = 0; mask < MANIFEST.numMasks(); mask++) {
                float[] java = decoder.lowResLogits(manager, inputs, mask, false).toFloatArray();
                for (int i = 0; i < plane; i++) {
                    assertEquals(python[mask * plane + i], java[i], 1e-4, "mask " + mask + " cell " + i);
                }
            }
        }
    }

    /**
     * A target the decoder can certainly represent: what its first multimask output predicts for the same
     * prompt (same image features, another output token), on every cell of the image. The tiny model's
     * random weights cannot segment the nuclei, so a target of real nuclei would test its capacity, not
     * the training.
     */
    private static PseudoLabel otherOutputAsLabel(TorchScriptDecoder decoder, SamEmbedding embedding) {
        float[] other;
        try (NDManager manager = decoder.newManager()) {
            other = decoder.lowResLogits(manager, decoder.inputs(manager, embedding, TinySamTuning.clicks()), 1, false).toFloatArray();
        }
        int m = MANIFEST.lowResMaskSize();
        double cell = 128.0 / m;
        float[] target = new float[m * m], weight = new float[m * m];
        for (int i = 0; i < target.length; i++) {
            boolean inImage = (i % m + 0.5) * cell < embedding.frame().resizedWidth()
                    && (i / m + 0.5) * cell < embedding.frame().resizedHeight();
            weight[i] = inImage ? 1 : 0;
            target[i] = inImage && other[i] > 0 ? 1 : 0;
        }
        return PseudoLabel.of(m, m, target, weight);
    }

    @Test
    void tuningTrainsTheDecoderTowardsThePseudoLabel() {
        SamEmbedding embedding = TinySamTuning.embedding();
        // A moderate rate: at 1e-2 the random tiny network's trajectory is chaotic after a few steps, so float
        // rounding that differs between processes (seen in the full suite) can send it elsewhere; at 3e-3 it is smooth.
        SamTuneOptions options = new SamTuneOptions(15, 3e-3, 0, PseudoLabelSettings.defaults());
        try (TorchScriptDecoder decoder = openDecoder()) {
            PseudoLabel label = otherOutputAsLabel(decoder, embedding);
            List<float[]> before = decoder.trainedParameterValues();
            SamTuneResult result = new SamDecoderTuner(options).train(decoder, embedding, TinySamTuning.clicks(), label,
                    Progress.NONE, CancelToken.none());
            List<float[]> after = decoder.trainedParameterValues();

            List<TuneResult.Step> log = result.log();
            assertEquals(16, log.size(), "the untuned decoder plus one entry per step");
            double first = log.get(0).loss(), last = log.get(log.size() - 1).loss();
            // Alone this run goes from 1.43 to 0.76 and IoU from 0.02 to 0.60; the bounds leave room for rounding.
            assertTrue(last < 0.75 * first, "loss " + first + " -> " + last);
            assertTrue(result.bestIou() > log.get(0).iou() + 0.3, "IoU " + log.get(0).iou() + " -> best " + result.bestIou());
            assertTrue(result.bestIteration() > 0);
            assertEquals(log.get(result.bestIteration()).iou(), result.bestIou());
            assertEquals(result.bestIou(), SamDecoderTuner.iou(result.lowResLogits().data(), label, label.confidentCells()));

            int changed = 0;
            for (int p = 0; p < before.size(); p++) {
                if (!java.util.Arrays.equals(before.get(p), after.get(p))) {
                    changed++;
                }
            }
            // Adam moves every parameter with a non-zero gradient; the IoU head and the unused multimask
            // tokens' MLPs get none from a loss on the single-mask output.
            assertTrue(changed > before.size() / 2, changed + " of " + before.size() + " parameter tensors changed");
            float[] tuned = result.lowResLogits().data(), untuned = result.untunedLogits().data();
            int flipped = 0;
            for (int i = 0; i < tuned.length; i++) {
                if ((tuned[i] > 0) != (untuned[i] > 0)) {
                    flipped++;
                }
            }
            assertTrue(flipped > 50, flipped + " cells changed side between the untuned and the tuned mask");
        }
    }

    @Test
    void trainingFollowsPyTorchsOwnAdamStepForStep() {
        // tools/sam_tune_reference.py trained the same TorchScript file with torch.optim.Adam in Python.
        com.google.gson.JsonObject reference = TinySamFixture.readJson(TinySamFixture.root().resolve("reference/tune_reference.json"));
        int iterations = reference.get("iterations").getAsInt();
        SamEmbedding embedding = TinySamTuning.embedding();
        SamTuneOptions options = new SamTuneOptions(iterations, reference.get("learning_rate").getAsDouble(), 0,
                PseudoLabelSettings.defaults());
        try (TorchScriptDecoder decoder = openDecoder()) {
            PseudoLabel label = otherOutputAsLabel(decoder, embedding);
            SamTuneResult result = new SamDecoderTuner(options).train(decoder, embedding, TinySamTuning.clicks(), label,
                    Progress.NONE, CancelToken.none());
            var python = reference.getAsJsonArray("losses");
            assertEquals(python.size(), result.log().size());
            for (int i = 0; i < python.size(); i++) {
                // float32 sums in another order and DJL's Adam (epsilon outside the bias correction) differ
                // from torch.optim.Adam in the fourth decimal after a few steps; a wrong gradient would not.
                assertEquals(python.get(i).getAsDouble(), result.log().get(i).loss(), 1e-3, "loss after " + i + " steps");
            }
        }
    }

    @Test
    void cancellingStopsBeforeTheNextIterationAndReportsEachOne() {
        SamEmbedding embedding = TinySamTuning.embedding();
        PseudoLabel label = label(embedding);
        CancelToken cancel = new CancelToken();
        List<String> stages = new java.util.ArrayList<>();
        Progress progress = (stage, fraction) -> {
            stages.add(stage);
            if (stages.size() == 3) {
                cancel.cancel();
            }
        };
        try (TorchScriptDecoder decoder = openDecoder()) {
            org.junit.jupiter.api.Assertions.assertThrows(CancelToken.CancelledException.class, () -> new SamDecoderTuner(
                    SamTuneOptions.of(50, 1e-3)).train(decoder, embedding, TinySamTuning.clicks(), label, progress, cancel));
        }
        assertEquals(3, stages.size());
        assertTrue(stages.get(2).matches("tune SAM decoder 2/50: loss [0-9.]+, IoU [0-9.]+"), stages.get(2));
    }

    @Test
    void theSameInputsGiveTheSameResult() {
        SamEmbedding embedding = TinySamTuning.embedding();
        PseudoLabel label = label(embedding);
        SamTuneOptions options = new SamTuneOptions(5, 1e-3, 0, PseudoLabelSettings.defaults());
        float[][] runs = new float[2][];
        for (int r = 0; r < 2; r++) {
            try (TorchScriptDecoder decoder = openDecoder()) {
                runs[r] = new SamDecoderTuner(options).train(decoder, embedding, TinySamTuning.clicks(), label,
                        Progress.NONE, CancelToken.none()).lowResLogits().data();
            }
        }
        assertArrayEquals(runs[0], runs[1]);
    }

    @Test
    void patienceStopsWhenIouNoLongerImproves() {
        SamEmbedding embedding = TinySamTuning.embedding();
        PseudoLabel label = label(embedding);
        // A learning rate so small that the thresholded mask cannot change: IoU never improves on iteration 0.
        SamTuneOptions options = new SamTuneOptions(50, 1e-12, 3, PseudoLabelSettings.defaults());
        try (TorchScriptDecoder decoder = openDecoder()) {
            SamTuneResult result = new SamDecoderTuner(options).train(decoder, embedding, TinySamTuning.clicks(), label,
                    Progress.NONE, CancelToken.none());
            assertTrue(result.stoppedEarly());
            assertEquals(0, result.bestIteration());
            assertEquals(4, result.log().size());
            assertArrayEquals(result.untunedLogits().data(), result.lowResLogits().data());
        }
    }

    @Test
    void theTorchLossIsTheJavaLossWithTheSameGradient() {
        java.util.Random random = new java.util.Random(3);
        int n = 40;
        double[] logits = new double[n];
        float[] z = new float[n], t = new float[n], w = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = (float) (3 * random.nextGaussian());
            logits[i] = z[i];
            t[i] = random.nextBoolean() ? 1 : 0;
            w[i] = i % 5 == 0 ? 0 : random.nextInt(3) + 1;
        }
        double[] expectedGradient = new double[n];
        double expected = new org.sparsesam.core.tune.BceDiceLoss().evaluate(logits, t, w, expectedGradient);
        try (TorchScriptDecoder decoder = openDecoder(); NDManager manager = decoder.newManager()) {
            NDArray zs = manager.create(z);
            zs.setRequiresGradient(true);
            try (var collector = PyTorchEngine.get().newGradientCollector()) {
                NDArray loss = TorchBceDiceLoss.of(zs, manager.create(t), manager.create(w));
                assertEquals(expected, loss.getFloat(), 1e-5);
                collector.backward(loss);
            }
            float[] gradient = zs.getGradient().toFloatArray();
            for (int i = 0; i < n; i++) {
                assertEquals(expectedGradient[i], gradient[i], 1e-6, "cell " + i);
            }
        }
    }
}
