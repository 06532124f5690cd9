#!/usr/bin/env python3
"""Makes a SAM ViT-B-sized model package with random weights, for timing only (bench), never committed.

The tiny test package runs its encoder in about 2 ms a tile, so what `bench --encoder` compares (our whole
encode against the bare session.run) is dominated by per-tile bookkeeping that a real encoder would dwarf.
Real weights cannot be downloaded here, but speed does not depend on them: this builds SAM ViT-B's exact
shapes (1024 px input, patch 16, width 768, depth 12, 12 heads, windows of 14 with global attention in blocks
2, 5, 8, 11, 256-channel neck; SAM's prompt encoder and mask decoder) with seeded random weights, so its
session runs as long as SAM ViT-B's would. It segments nothing: use it for timings, never for accuracy.

    python3 -m venv .venv && .venv/bin/pip install -r tools/requirements.txt   # once: PyTorch, ONNX, numpy
    .venv/bin/python tools/make_timing_sam.py --out /tmp/timing-sam     # about 360 MB, a minute or two
    ./sparse-sam bench --encoder /tmp/timing-sam --image IMAGE --points POINTS.csv
"""
import argparse
import os
import shutil
import sys

try:
    import torch

    import sam_export as sx
    from sam_modules import ImageEncoderViT, MaskDecoder, PromptEncoder, Sam, TwoWayTransformer
except ImportError as missing:
    sys.exit(f"error: {missing.name or missing} is not installed: run 'python3 -m venv .venv && .venv/bin/pip install -r "
             "tools/requirements.txt' once, then '.venv/bin/python tools/make_timing_sam.py ...'.")

SEED = 20261202

# segment_anything's build_sam_vit_b: the encoder's and decoder's shapes.
VIT_B = dict(embed_dim=768, depth=12, num_heads=12, global_attn_indexes=[2, 5, 8, 11])
INPUT_SIZE, PATCH, PROMPT_DIM, WINDOW = 1024, 16, 256, 14


def build_vit_b_shaped_sam():
    torch.manual_seed(SEED)
    embedding = INPUT_SIZE // PATCH
    return Sam(
        ImageEncoderViT(img_size=INPUT_SIZE, patch_size=PATCH, out_chans=PROMPT_DIM, window_size=WINDOW, **VIT_B),
        PromptEncoder(embed_dim=PROMPT_DIM, image_embedding_size=(embedding, embedding),
                      input_image_size=(INPUT_SIZE, INPUT_SIZE), mask_in_chans=16),
        MaskDecoder(transformer_dim=PROMPT_DIM,
                    transformer=TwoWayTransformer(depth=2, dim=PROMPT_DIM, num_heads=8, mlp_dim=2048),
                    iou_head_hidden_dim=256)).eval()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="package folder to write (kept out of git)")
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(args.out)
    sam = build_vit_b_shaped_sam()
    print("exporting a SAM ViT-B-shaped encoder and decoder with random weights (ONNX, opset 17)")
    sx.export_onnx(sam, args.out)
    sx.write_manifest(sam, args.out, name="timing-vit-b", family="sam", licence="Apache-2.0",
                      source="tools/make_timing_sam.py (random weights, seed %d)" % SEED,
                      description="SAM ViT-B shapes with random weights: for timing only, segments nothing",
                      include_torchscript=False)
    total = sum(os.path.getsize(os.path.join(args.out, f)) for f in os.listdir(args.out))
    print(f"wrote {args.out} ({total / 2**20:.0f} MiB)")


if __name__ == "__main__":
    main()
