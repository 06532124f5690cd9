"""Exports a SAM-family model to a Sparse SAM model package, and SAM's own pre/post-processing.

Works on any module with SAM's attribute names (image_encoder, prompt_encoder, mask_decoder): the tiny
test model of make_tiny_sam.py and real checkpoints loaded with Meta's segment_anything code alike.

Package I/O (what the Java side checks):
  encoder.onnx  image [1,3,S,S] float, normalised and zero-padded bottom-right  ->  image_embeddings [1,C,E,E]
  decoder.onnx  image_embeddings [1,C,E,E], point_coords [1,N,2] (model-frame pixels), point_labels [1,N]
                (1 foreground, 0 background, 2/3 box corners, -1 padding), mask_input [1,1,4E,4E],
                has_mask_input [1]  ->  masks [1,4,4E,4E] low-resolution logits, iou_predictions [1,4]
                (index 0: the single-mask output, 1..3: SAM's multimask outputs)
  decoder.torchscript.pt  (optional, "decoder_torchscript" in model.json) the same wrapper traced to TorchScript
                with its parameters: what --tune sam fine-tunes on each image (through DJL's PyTorch engine);
                parameters named mask_decoder.* are trained, the prompt encoder stays frozen
The decoder wrapper is SAM's SamOnnxModel (segment_anything/utils/onnx.py) without the final upscaling,
which the Java side does exactly as Sam.postprocess_masks does.
"""
import hashlib
import json
import os

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from torch import nn

MANIFEST_FORMAT = 1
ENCODER_FILE = "encoder.onnx"
DECODER_FILE = "decoder.onnx"
DECODER_TORCHSCRIPT_FILE = "decoder.torchscript.pt"


class EncoderForExport(nn.Module):
    def __init__(self, sam):
        super().__init__()
        self.image_encoder = sam.image_encoder

    def forward(self, image):
        return self.image_encoder(image)


class DecoderForExport(nn.Module):
    """SAM's prompt encoder + mask decoder, in the form of SamOnnxModel (no control flow on inputs)."""

    def __init__(self, sam):
        super().__init__()
        self.prompt_encoder = sam.prompt_encoder
        self.mask_decoder = sam.mask_decoder
        self.img_size = sam.image_encoder.img_size

    def _embed_points(self, point_coords, point_labels):
        point_coords = point_coords + 0.5  # SAM: shift to the pixel centre
        point_coords = point_coords / self.img_size
        pe = self.prompt_encoder.pe_layer._pe_encoding(point_coords)
        labels = point_labels.unsqueeze(-1).expand_as(pe)
        pe = pe * (labels != -1)
        pe = pe + self.prompt_encoder.not_a_point_embed.weight * (labels == -1)
        for i in range(self.prompt_encoder.num_point_embeddings):
            pe = pe + self.prompt_encoder.point_embeddings[i].weight * (labels == i)
        return pe

    def _embed_masks(self, mask_input, has_mask_input):
        dense = has_mask_input * self.prompt_encoder.mask_downscaling(mask_input)
        return dense + (1 - has_mask_input) * self.prompt_encoder.no_mask_embed.weight.reshape(1, -1, 1, 1)

    def forward(self, image_embeddings, point_coords, point_labels, mask_input, has_mask_input):
        sparse = self._embed_points(point_coords, point_labels)
        dense = self._embed_masks(mask_input, has_mask_input)
        return self.mask_decoder.predict_masks(
            image_embeddings=image_embeddings,
            image_pe=self.prompt_encoder.get_dense_pe(),
            sparse_prompt_embeddings=sparse,
            dense_prompt_embeddings=dense)


def example_decoder_inputs(sam, num_points=3):
    c = sam.prompt_encoder.embed_dim
    e = sam.prompt_encoder.image_embedding_size
    m = sam.prompt_encoder.mask_input_size
    g = torch.Generator().manual_seed(1)
    return (torch.randn(1, c, e[0], e[1], generator=g),
            torch.rand(1, num_points, 2, generator=g) * sam.image_encoder.img_size,
            torch.tensor([[1.0] * (num_points - 1) + [-1.0]]),
            torch.zeros(1, 1, m[0], m[1]),
            torch.zeros(1))


def export_onnx(sam, folder, opset=17):
    s = sam.image_encoder.img_size
    with torch.no_grad():
        torch.onnx.export(EncoderForExport(sam).eval(), (torch.zeros(1, 3, s, s),),
                          os.path.join(folder, ENCODER_FILE), input_names=["image"],
                          output_names=["image_embeddings"], opset_version=opset, dynamo=False,
                          do_constant_folding=True)
        torch.onnx.export(DecoderForExport(sam).eval(), example_decoder_inputs(sam),
                          os.path.join(folder, DECODER_FILE),
                          input_names=["image_embeddings", "point_coords", "point_labels", "mask_input",
                                       "has_mask_input"],
                          output_names=["masks", "iou_predictions"],
                          dynamic_axes={"point_coords": {1: "num_points"}, "point_labels": {1: "num_points"}},
                          opset_version=opset, dynamo=False, do_constant_folding=True)


def export_torchscript_decoder(sam, folder):
    """Traced prompt encoder + mask decoder with trainable parameters, for decoder fine-tuning."""
    traced = torch.jit.trace(DecoderForExport(sam).eval(), example_decoder_inputs(sam), check_trace=False)
    path = os.path.join(folder, DECODER_TORCHSCRIPT_FILE)
    traced.save(path)
    return path


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_manifest(sam, folder, name, family, licence, source, description, include_torchscript=True):
    s = sam.image_encoder.img_size
    c = sam.prompt_encoder.embed_dim
    e = sam.prompt_encoder.image_embedding_size
    files = [ENCODER_FILE, DECODER_FILE] + ([DECODER_TORCHSCRIPT_FILE] if include_torchscript else [])
    manifest = {
        "format": MANIFEST_FORMAT,
        "name": name,
        "family": family,
        "description": description,
        "input_size": s,
        "pixel_mean": list(sam.pixel_mean),
        "pixel_std": list(sam.pixel_std),
        "embedding_shape": [1, c, e[0], e[1]],
        "encoder": {"file": ENCODER_FILE, "input": "image", "output": "image_embeddings"},
        "decoder": {"file": DECODER_FILE,
                    "inputs": ["image_embeddings", "point_coords", "point_labels", "mask_input",
                               "has_mask_input"],
                    "outputs": ["masks", "iou_predictions"],
                    "num_masks": sam.mask_decoder.num_mask_tokens},
        "files": {f: sha256_of(os.path.join(folder, f)) for f in files},
        "licence": licence,
        "source": source,
    }
    if include_torchscript:
        manifest["decoder_torchscript"] = DECODER_TORCHSCRIPT_FILE
    with open(os.path.join(folder, "model.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    return manifest


# ---------------------------------------------------------------- SAM's pre- and post-processing

def preprocess_shape(h, w, long_side):
    """ResizeLongestSide.get_preprocess_shape."""
    scale = long_side * 1.0 / max(h, w)
    return int(h * scale + 0.5), int(w * scale + 0.5)


def resize_longest_side(rgb_u8, long_side):
    """ResizeLongestSide.apply_image: torchvision's resize of a PIL image, i.e. PIL bilinear (antialiased)."""
    h, w = rgb_u8.shape[:2]
    new_h, new_w = preprocess_shape(h, w, long_side)
    return np.array(Image.fromarray(rgb_u8).resize((new_w, new_h), Image.BILINEAR))


def preprocess(resized_u8, sam):
    """Sam.preprocess: normalise, then pad bottom-right with zeros to a square of input size."""
    s = sam.image_encoder.img_size
    x = torch.as_tensor(resized_u8).permute(2, 0, 1).float()[None]
    mean = torch.tensor(sam.pixel_mean).view(-1, 1, 1)
    std = torch.tensor(sam.pixel_std).view(-1, 1, 1)
    x = (x - mean) / std
    return F.pad(x, (0, s - x.shape[-1], 0, s - x.shape[-2]))


def apply_coords(coords, h, w, long_side):
    """ResizeLongestSide.apply_coords: image pixel coordinates -> model-frame coordinates."""
    new_h, new_w = preprocess_shape(h, w, long_side)
    out = np.array(coords, dtype=np.float64)  # SAM computes in double, then hands float32 to the model
    out[..., 0] = out[..., 0] * (new_w / w)
    out[..., 1] = out[..., 1] * (new_h / h)
    return out.astype(np.float32)


def postprocess_masks(low_res, input_hw, original_hw, img_size):
    """Sam.postprocess_masks: upscale to the padded frame, crop the padding, resize to the image."""
    m = F.interpolate(low_res, (img_size, img_size), mode="bilinear", align_corners=False)
    m = m[..., :input_hw[0], :input_hw[1]]
    return F.interpolate(m, original_hw, mode="bilinear", align_corners=False)
