package org.sparsesam.core.fewshot;

import java.util.List;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.similarity.Prototypes;

/**
 * A model learned from a few annotated images, applied without clicks (or with clicks that extend it).
 * Everything a model file records; {@link org.sparsesam.core.model.TrainedModelFile} reads and writes it.
 *
 * @param kind            prototypes, linear or cnn
 * @param encoderId       the encoder whose features it was trained on; applying it with another is refused
 * @param encoderChecksum SHA-256 of that encoder's weights, empty for the built-in encoder
 * @param channels        feature channels it expects
 * @param prototypes      the foreground and background prototypes (prototype models), else null
 * @param head            the trained head (linear and cnn models), else null
 * @param stainPrior      the stain prior candidate that matched the training masks best, by name
 * @param objectRadius    median inscribed radius of the training objects, in pixels: sets the smallest object
 *                        kept and the watershed's scale when no click says otherwise
 * @param trainingImages  names of the images it was trained on
 * @param dataset         name of the folder they came from
 * @param settings        how it was trained
 * @param devDice         mean Dice on the development images measured at training; NaN when none were scored
 * @param devImages       the development images (never training images)
 */
public record FewShotModel(FewShotKind kind, String encoderId, String encoderChecksum, int channels, Prototypes prototypes,
                           HeadWeights head, String stainPrior, double objectRadius, List<String> trainingImages,
                           String dataset, FewShotSettings settings, double devDice, List<String> devImages) {

    public FewShotModel {
        trainingImages = List.copyOf(trainingImages);
        devImages = List.copyOf(devImages);
        encoderChecksum = encoderChecksum == null ? "" : encoderChecksum;
        if ((kind == FewShotKind.PROTOTYPES) != (prototypes != null) || (kind != FewShotKind.PROTOTYPES) != (head != null)) {
            throw new IllegalArgumentException("a " + kind.key() + " model holds " + (kind == FewShotKind.PROTOTYPES ? "prototypes" : "a head") + " only");
        }
    }

    public FewShotModel withDev(double dice, List<String> images) {
        return new FewShotModel(kind, encoderId, encoderChecksum, channels, prototypes, head, stainPrior, objectRadius,
                trainingImages, dataset, settings, dice, images);
    }

    /** Refuses an encoder other than the one the model was trained with: its features would mean nothing to it. */
    public void checkEncoder(String id, String checksum) {
        String have = checksum == null ? "" : checksum;
        if (!encoderId.equals(id) || !encoderChecksum.equals(have)) {
            throw new SparseSamException("This model was trained with the encoder '" + encoderId + "'"
                    + (encoderChecksum.isEmpty() ? "" : " (sha256 " + encoderChecksum.substring(0, Math.min(12, encoderChecksum.length())) + "...)")
                    + " but this run uses '" + id + "'" + (have.isEmpty() ? "" : " (sha256 " + have.substring(0, Math.min(12, have.length())) + "...)")
                    + ": apply it with the encoder it was trained with"
                    + (encoderId.equals(org.sparsesam.core.encode.BuiltinEncoder.ID)
                            ? " (the hand-made features, the default before the learned encoder: encoder=handmade, --encoder handmade)" : "")
                    + ", or train a model for this encoder.");
        }
    }
}
