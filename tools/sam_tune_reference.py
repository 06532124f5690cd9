#!/usr/bin/env python3
"""Writes the PyTorch reference of SAM decoder tuning on the tiny test model, for the Java parity test.

Trains the package's TorchScript decoder (mask_decoder.* parameters only) with torch.optim.Adam on weighted
BCE + soft Dice, exactly as core/tune/sam/SamDecoderTuner does through DJL, against a target the decoder can
represent: its own first multimask output for the reference prompt, thresholded, on the cells that hold image.

    .venv/bin/python tools/sam_tune_reference.py     # writes src/test/resources/tiny-sam/reference/tune_reference.json
"""
import json
import os

import numpy as np
import torch

ITERATIONS = 5
LEARNING_RATE = 1e-2


def bce_dice(logits, target, weight):
    weight_sum = weight.sum()
    bce = (weight * (logits.clamp(min=0) - logits * target + torch.log1p(torch.exp(-logits.abs())))).sum() / weight_sum
    p = torch.sigmoid(logits)
    dice = (2 * (weight * p * target).sum() + 1) / ((weight * p).sum() + (weight * target).sum() + 1)
    return bce + 1 - dice


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.join(here, "..", "src", "test", "resources", "tiny-sam")
    torch.set_num_threads(1)
    with open(os.path.join(root, "reference", "reference.json")) as f:
        ref = json.load(f)
    with open(os.path.join(root, "package", "model.json")) as f:
        manifest = json.load(f)
    shape = ref["arrays"]["embedding"]["shape"]
    embedding = torch.from_numpy(np.fromfile(os.path.join(root, "reference", ref["arrays"]["embedding"]["file"]),
                                             dtype="<f4").reshape(shape).copy())
    points = ref["points_model_frame"] + [[0.0, 0.0]]
    labels = [float(p[2]) for p in ref["points"]] + [-1.0]
    m = 4 * manifest["embedding_shape"][2]
    inputs = (embedding, torch.tensor([points], dtype=torch.float32), torch.tensor([labels], dtype=torch.float32),
              torch.zeros(1, 1, m, m), torch.zeros(1))
    decoder = torch.jit.load(os.path.join(root, "package", manifest["decoder_torchscript"]))
    with torch.no_grad():
        other = decoder(*inputs)[0][0, 1]
    cell = manifest["input_size"] / m
    v, u = torch.meshgrid(torch.arange(m), torch.arange(m), indexing="ij")
    in_image = ((u + 0.5) * cell < ref["resized_width"]) & ((v + 0.5) * cell < ref["resized_height"])
    weight = in_image.float()
    target = (in_image & (other > 0)).float()

    trained = [p for name, p in decoder.named_parameters() if name.startswith("mask_decoder.")]
    for name, p in decoder.named_parameters():
        p.requires_grad_(name.startswith("mask_decoder."))
    adam = torch.optim.Adam(trained, lr=LEARNING_RATE)
    losses = []
    for iteration in range(ITERATIONS + 1):
        adam.zero_grad()
        loss = bce_dice(decoder(*inputs)[0][0, 0], target, weight)
        losses.append(float(loss))
        if iteration < ITERATIONS:
            loss.backward()
            adam.step()
    out = {"iterations": ITERATIONS, "learning_rate": LEARNING_RATE, "trained_prefix": "mask_decoder.",
           "target": "decoder output 1 (first multimask) > 0 on cells whose centre lies in the resized image",
           "losses": losses, "torch": torch.__version__}
    with open(os.path.join(root, "reference", "tune_reference.json"), "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")
    print(out)


if __name__ == "__main__":
    main()
