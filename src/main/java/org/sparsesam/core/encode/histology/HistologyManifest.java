package org.sparsesam.core.encode.histology;

import com.google.gson.JsonObject;
import java.util.Set;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.model.ManifestReader;

/**
 * The manifest beside a learned histology encoder's weights ({@code histology-encoder.json}, written by
 * tools/train's export): what the weights are, the tensors the network takes and gives, and the figures the
 * pipeline needs from training (the similarity temperature).
 *
 * @param name                 identifier of the weights ("histology-v1"): the encoder's id in caches and trained-model files
 * @param file                 the ONNX file, beside the manifest
 * @param sha256               SHA-256 of that file, lower-case hexadecimal
 * @param inputName            the network's input tensor: float32 [1, 3, H, W], RGB in 0..1
 * @param sizeMultiple         H and W must be multiples of this
 * @param embeddingChannels    channels of the unit-length embedding
 * @param stride               input pixels per output cell along each axis
 * @param temperature          softmax temperature of cosine similarities the encoder was trained with
 * @param receptiveFieldPixels how far (pixels) an output cell sees; 0 when the manifest does not say
 */
public record HistologyManifest(String name, String file, String sha256, String inputName, int sizeMultiple,
                                int embeddingChannels, int stride, double temperature, int receptiveFieldPixels) {
    /** The manifest's {@code kind}: anything else is not a histology encoder. */
    public static final String KIND = "histology-encoder";
    /** Channels of the instance output, in order: nucleus distance, gland distance. */
    public static final int INSTANCE_CHANNELS = 2;

    private static final String FIX = "the model's files do not belong together; reinstall Sparse SAM or export the model"
            + " again with tools/train.";

    /** Parses and checks manifest text; {@code where} names it in messages. */
    public static HistologyManifest parse(String json, String where) {
        ManifestReader r = new ManifestReader(ManifestReader.parseObject(json, where, FIX), where, FIX, Set.of());
        JsonObject root = r.root();
        String kind = r.string(root, "kind");
        if (!KIND.equals(kind)) {
            throw r.problem("is of kind '" + kind + "', not a " + KIND);
        }
        String name = r.string(root, "name");
        if (!ManifestReader.SAFE_NAME.matcher(name).matches()) {
            throw r.problem("has the name '" + name + "'; a model name is 1-64 letters, digits, '.', '_' or '-'");
        }
        String file = r.fileName(root, "file");
        String sha256 = r.string(root, "sha256").toLowerCase(java.util.Locale.ROOT);
        if (!ManifestReader.SHA256.matcher(sha256).matches()) {
            throw r.problem("gives '" + sha256 + "' as the SHA-256 of " + file + "; expected 64 hexadecimal digits");
        }
        JsonObject input = r.object(root, "input");
        String inputName = r.string(input, "name");
        int sizeMultiple = r.integer(input, "size_multiple", 1, 1024);
        JsonObject outputs = r.object(root, "outputs");
        int channels = r.integer(r.object(outputs, "embedding"), "channels", 1, 4096);
        int instance = r.array(r.object(outputs, "instance"), "channels").size();
        if (instance != INSTANCE_CHANNELS) {
            throw r.problem("gives " + instance + " instance channels; this version reads " + INSTANCE_CHANNELS + " (nucleus, gland)");
        }
        int stride = r.integer(root, "stride", 1, 64);
        if (sizeMultiple % stride != 0) {
            throw r.problem("has size_multiple " + sizeMultiple + " that is not a multiple of the stride " + stride);
        }
        double temperature = r.number(root, "temperature", 1e-6, 1e3);
        int receptiveField = root.has("receptive_field_pixels") ? r.integer(root, "receptive_field_pixels", 0, 1 << 20) : 0;
        return new HistologyManifest(name, file, sha256, inputName, sizeMultiple, channels, stride, temperature, receptiveField);
    }

    /** The message for weights whose SHA-256 is not the manifest's; {@code fix} says what to do in that place. */
    SparseSamException mismatch(String source, String actual, String fix) {
        return new SparseSamException("The histology model weights " + source + " have SHA-256 " + actual + " but their manifest"
                + " says " + sha256 + ": the file is damaged or belongs to other weights; " + fix);
    }
}
