package org.sparsesam.core.tune.sam;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The same weighted BCE + soft Dice as {@link org.sparsesam.core.tune.BceDiceLoss}, written in DJL operations
 * so that PyTorch's autograd differentiates it: BCE as a weighted mean, Dice over weighted sums, smoothing 1.
 */
final class TorchBceDiceLoss {
    private TorchBceDiceLoss() {}

    /** Scalar loss of {@code logits} against 0/1 {@code targets} with cell {@code weights} (all the same shape). */
    static NDArray of(NDArray logits, NDArray targets, NDArray weights) {
        NDArray weightSum = weights.sum();
        // max(z,0) - z t + log(1 + e^-|z|): BCE with logits, no overflow at large |z|.
        NDArray bce = logits.maximum(0f).sub(logits.mul(targets)).add(logits.abs().neg().exp().add(1f).log())
                .mul(weights).sum().div(weightSum);
        NDArray p = Activation.sigmoid(logits);
        NDArray intersection = p.mul(targets).mul(weights).sum();
        NDArray sizes = p.mul(weights).sum().add(targets.mul(weights).sum());
        NDArray dice = intersection.mul(2f).add(1f).div(sizes.add(1f));
        return bce.add(1f).sub(dice);
    }
}
