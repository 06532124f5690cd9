#!/usr/bin/env python3
"""Makes the tiny SAM test model package and the reference outputs the Java parity tests compare against.

The model has SAM's graph structure (ViT image encoder with windowed and global attention, relative
positions and the conv neck; prompt encoder with random Fourier features; two-way-transformer mask decoder
with upscaling, hypernetwork MLPs and IoU head) at tiny widths, with fixed-seed random weights: it is for
testing the loading and inference code, not for segmenting anything.

    python -m venv .venv && .venv/bin/pip install -r tools/requirements.txt
    .venv/bin/python tools/make_tiny_sam.py            # writes src/test/resources/tiny-sam/

Output (committed; about 1.7 MB):
    package/    model.json, encoder.onnx, decoder.onnx, decoder.torchscript.pt
    reference/  reference.json (shapes, prompts, file names) and raw little-endian arrays:
                *.u8 interleaved RGB bytes, *.f32 float32 in the tensor's C order;
                tune_reference.json comes from tools/sam_tune_reference.py (run it after this script)
"""
import argparse
import json
import os
import shutil

import numpy as np
import onnxruntime as ort
import torch

import sam_export as sx
from sam_modules import ImageEncoderViT, MaskDecoder, PromptEncoder, Sam, TwoWayTransformer

INPUT_SIZE = 128
PATCH = 8
EMBED = INPUT_SIZE // PATCH
DIM = 32
SEED = 20240601


def build_tiny_sam():
    torch.manual_seed(SEED)
    sam = Sam(
        ImageEncoderViT(img_size=INPUT_SIZE, patch_size=PATCH, embed_dim=DIM, depth=2, num_heads=2,
                        out_chans=DIM, window_size=6, global_attn_indexes=[1]),
        PromptEncoder(embed_dim=DIM, image_embedding_size=(EMBED, EMBED),
                      input_image_size=(INPUT_SIZE, INPUT_SIZE), mask_in_chans=16),
        MaskDecoder(transformer_dim=DIM, transformer=TwoWayTransformer(depth=2, dim=DIM, num_heads=2, mlp_dim=64),
                    iou_head_hidden_dim=DIM))
    with torch.no_grad():
        # SAM initialises positions and norms to constants; noise makes every weight matter in the parity test.
        for p in sam.parameters():
            p.add_(0.1 * torch.randn_like(p))
    return sam.eval()


def synthetic_he_image(width, height, seed=7):
    """Pink stroma with purple elliptical nuclei: deterministic, no external data."""
    rng = np.random.RandomState(seed)
    yy, xx = np.mgrid[0:height, 0:width]
    img = np.empty((height, width, 3), np.float64)
    img[:] = (232, 182, 205)
    for _ in range(9):
        cx, cy = rng.uniform(8, width - 8), rng.uniform(8, height - 8)
        rx, ry, angle = rng.uniform(4, 10), rng.uniform(3, 8), rng.uniform(0, np.pi)
        dx, dy = xx - cx, yy - cy
        u = (dx * np.cos(angle) + dy * np.sin(angle)) / rx
        v = (-dx * np.sin(angle) + dy * np.cos(angle)) / ry
        inside = np.clip(1.5 - 1.5 * (u * u + v * v), 0, 1)[..., None]
        img = img * (1 - inside) + np.array((96, 58, 148)) * inside
    img += rng.normal(0, 6, img.shape)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


class ReferenceWriter:
    def __init__(self, folder):
        self.folder = folder
        self.arrays = {}

    def add(self, key, array, dtype):
        array = np.ascontiguousarray(np.asarray(array).astype(dtype))
        suffix = {"uint8": "u8", "float32": "f32"}[np.dtype(dtype).name]
        name = f"{key}.{suffix}"
        array.astype(array.dtype.newbyteorder("<")).tofile(os.path.join(self.folder, name))
        self.arrays[key] = {"file": name, "dtype": np.dtype(dtype).name, "shape": list(array.shape)}


def decoder_inputs(sam, embedding, points_model, labels, mask_input=None):
    m = sam.prompt_encoder.mask_input_size
    # SAM's prompt encoder appends a padding point when no box is given; the ONNX decoder expects the caller to.
    coords = np.concatenate([points_model, [[0.0, 0.0]]]).astype(np.float32)[None]
    lab = np.array(list(labels) + [-1], np.float32)[None]
    has = np.array([0.0 if mask_input is None else 1.0], np.float32)
    mask = np.zeros((1, 1, m[0], m[1]), np.float32) if mask_input is None else mask_input
    return [torch.as_tensor(embedding), torch.as_tensor(coords), torch.as_tensor(lab),
            torch.as_tensor(mask), torch.as_tensor(has)]


def check_close(what, a, b, tol=1e-5):
    err = float(np.max(np.abs(np.asarray(a) - np.asarray(b))))
    print(f"  {what}: max |diff| = {err:.2e}")
    if err > tol:
        raise SystemExit(f"{what} differs by {err} (> {tol}): the export is not faithful")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(here, "..", "src", "test", "resources", "tiny-sam"))
    args = parser.parse_args()
    torch.set_num_threads(1)  # small model; the build machine is shared

    pkg_dir, ref_dir = os.path.join(args.out, "package"), os.path.join(args.out, "reference")
    for d in (pkg_dir, ref_dir):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)

    sam = build_tiny_sam()
    print("exporting ONNX (opset 17) and TorchScript")
    sx.export_onnx(sam, pkg_dir)
    sx.export_torchscript_decoder(sam, pkg_dir)
    sx.write_manifest(sam, pkg_dir, name="tiny-sam", family="sam", licence="Apache-2.0",
                      source="tools/make_tiny_sam.py (random weights, seed %d)" % SEED,
                      description="Tiny SAM-architecture model with random weights, for tests only")

    refs = ReferenceWriter(ref_dir)
    image = synthetic_he_image(150, 100)
    h, w = image.shape[:2]
    resized = sx.resize_longest_side(image, INPUT_SIZE)
    new_h, new_w = resized.shape[:2]
    x = sx.preprocess(resized, sam)
    refs.add("image", image, np.uint8)
    refs.add("resized", resized, np.uint8)
    refs.add("input", x.numpy(), np.float32)

    # An image smaller than the input size is enlarged: the other branch of the resize.
    small = image[:30, :40].copy()
    refs.add("small_image", small, np.uint8)
    refs.add("small_resized", sx.resize_longest_side(small, INPUT_SIZE), np.uint8)

    with torch.no_grad():
        embedding = sam.image_encoder(x).numpy()
    refs.add("embedding", embedding, np.float32)

    points = [[50.0, 40.0], [110.0, 62.0], [20.0, 85.0]]
    labels = [1, 1, 0]
    points_model = sx.apply_coords(points, h, w, INPUT_SIZE)
    decoder = sx.DecoderForExport(sam).eval()
    cases = {}
    mask_for_second_case = None
    for case in ("points", "points_and_mask"):
        mask_input = None if case == "points" else mask_for_second_case
        inputs = decoder_inputs(sam, embedding, points_model, labels, mask_input)
        with torch.no_grad():
            low_res, iou = decoder(*inputs)
            masks = sx.postprocess_masks(low_res, (new_h, new_w), (h, w), INPUT_SIZE)
        if mask_for_second_case is None:
            mask_for_second_case = low_res[:, :1].numpy()
        refs.add(f"{case}_low_res_masks", low_res.numpy(), np.float32)
        refs.add(f"{case}_iou", iou.numpy(), np.float32)
        if case == "points":  # one full-resolution case is enough to check the upscaling; keeps the files small
            refs.add(f"{case}_masks", masks.numpy(), np.float32)
        cases[case] = {"mask_input": None if mask_input is None else "points_low_res_masks[0]",
                       "inputs": [t.numpy() for t in inputs], "low_res": low_res.numpy(), "iou": iou.numpy()}

    print("checking ONNX Runtime (Python) against PyTorch")
    enc = ort.InferenceSession(os.path.join(pkg_dir, sx.ENCODER_FILE), providers=["CPUExecutionProvider"])
    check_close("encoder", enc.run(None, {"image": x.numpy()})[0], embedding)
    dec = ort.InferenceSession(os.path.join(pkg_dir, sx.DECODER_FILE), providers=["CPUExecutionProvider"])
    names = [i.name for i in dec.get_inputs()]
    scripted = torch.jit.load(os.path.join(pkg_dir, sx.DECODER_TORCHSCRIPT_FILE))
    for case, c in cases.items():
        out = dec.run(None, dict(zip(names, c["inputs"])))
        check_close(f"decoder masks ({case})", out[0], c["low_res"])
        check_close(f"decoder scores ({case})", out[1], c["iou"])
        with torch.no_grad():
            ts = scripted(*[torch.as_tensor(t) for t in c["inputs"]])
        check_close(f"torchscript decoder ({case})", ts[0].numpy(), c["low_res"])

    reference = {
        "image_width": w, "image_height": h, "resized_width": new_w, "resized_height": new_h,
        "small_image_width": small.shape[1], "small_image_height": small.shape[0],
        "points": [[p[0], p[1], l] for p, l in zip(points, labels)],
        "points_model_frame": points_model.tolist(),
        "cases": {k: {"mask_input": v["mask_input"]} for k, v in cases.items()},
        "note": "points are image pixel coordinates (pixel centres at integers), labels 1 fg / 0 bg; the "
                "decoder got them scaled to the model frame plus SAM's padding point (0, 0, -1)",
        "arrays": refs.arrays,
    }
    with open(os.path.join(ref_dir, "reference.json"), "w") as f:
        json.dump(reference, f, indent=2)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(dp, fn)) for dp, _, fns in os.walk(args.out) for fn in fns)
    print(f"wrote {os.path.normpath(args.out)} ({total / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
