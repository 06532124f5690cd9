"""Reads the annotated H&E folders and packs them into what training reads: per image an RGB picture and a
target picture (red: the structure's mask, green: each object's distance to its edge, 1 at its centre).

A pack is small enough to travel (JPEG pictures at quality 88 without chroma subsampling, PNG targets: 54 MB): the training tool reads packs only,
so the same command trains from a pack made here or on another machine.

Conventions handled here, once:
- MoNuSeg's training copy leaves each nucleus's outline pixels out, while the validation copy (rasterised from
  the XML outlines) has them: nuclei of `train/monuseg` are grown by one 4-connected pixel into background.
- Instance masks (nuclei) give per-object distances; GlaS masks are binary, and its objects are the 8-connected
  glands.
"""
import json
import os
from pathlib import Path

import numpy as np
from PIL import Image
from scipy import ndimage

# Which folder holds which kind of structure, and whether its masks need the outline growth.
FOLDERS = {
    "glas": dict(kind="gland", grow_outline=False),
    "monuseg": dict(kind="nucleus", grow_outline=None),  # decided per split below
    "cpm15": dict(kind="nucleus", grow_outline=False),
    "consep": dict(kind="nucleus", grow_outline=False),
}
KINDS = ("nucleus", "gland")


def read_mask(path):
    m = np.array(Image.open(path))
    if m.ndim == 3:
        m = m[..., 0]
    return m


def instances(mask, kind):
    """Instance labels: nuclei masks are labels already; binary gland masks become their 8-connected blobs."""
    if kind == "gland" or mask.max() <= 1 or (np.unique(mask).size == 2 and mask.max() == 255):
        labels, _ = ndimage.label(mask > 0, structure=np.ones((3, 3)))
        return labels
    return mask.astype(np.int32)


def grow_outline(labels):
    """Each object grows by one 4-connected pixel into background (where two would claim a pixel, the larger label)."""
    grown = ndimage.grey_dilation(labels, footprint=ndimage.generate_binary_structure(2, 1))
    return np.where(labels == 0, grown, labels)


def edge_distance(labels):
    """Per object, the distance to its edge divided by the object's largest one: 1 at the centre, small at the edge."""
    out = np.zeros(labels.shape, np.float32)
    for index, box in enumerate(ndimage.find_objects(labels), start=1):
        if box is None:
            continue
        box = tuple(slice(max(0, s.start - 1), s.stop + 1) for s in box)
        obj = labels[box] == index
        d = ndimage.distance_transform_edt(np.pad(obj, 1))[1:-1, 1:-1]
        peak = d.max()
        if peak > 0:
            region = out[box]
            region[obj] = (d[obj] / peak).astype(np.float32)
    return out


def target_picture(mask, kind, grow):
    labels = instances(mask, kind)
    if grow:
        labels = grow_outline(labels)
    rgb = np.zeros(labels.shape + (3,), np.uint8)
    rgb[..., 0] = np.where(labels > 0, 255, 0)
    rgb[..., 1] = np.round(edge_distance(labels) * 255).astype(np.uint8)
    return rgb


def pack(data_root, out, log=print):
    """data_root holds train/<folder> and the validation folders monuseg/ and glas/ (each images/ + masks/)."""
    data_root, out = Path(data_root), Path(out)
    index = []
    splits = [("train", data_root / "train" / f, f) for f in FOLDERS] + \
             [("val", data_root / f, f) for f in ("monuseg", "glas")]
    for split, folder, name in splits:
        if not (folder / "images").is_dir():
            raise SystemExit(f"error: {folder}/images is missing: point --data at the shared data folder "
                             f"(it holds train/ and the validation folders monuseg/ and glas/)")
        kind = FOLDERS[name]["kind"]
        grow = FOLDERS[name]["grow_outline"]
        if grow is None:
            grow = split == "train"
        target_dir = out / split / name
        target_dir.mkdir(parents=True, exist_ok=True)
        files = sorted(p for p in (folder / "images").iterdir() if p.suffix.lower() == ".png")
        for i, image_path in enumerate(files):
            stem = image_path.stem
            picture = target_dir / f"{stem}.jpg"
            target = target_dir / f"{stem}-target.png"
            if not (picture.exists() and target.exists()):
                rgb = Image.open(image_path).convert("RGB")
                mask = read_mask(folder / "masks" / image_path.name)
                tmp = target.with_suffix(".tmp.png")
                Image.fromarray(target_picture(mask, kind, grow)).save(tmp, optimize=True)
                rgb.save(picture.with_suffix(".tmp.jpg"), "JPEG", quality=88, subsampling=0)
                os.replace(picture.with_suffix(".tmp.jpg"), picture)
                os.replace(tmp, target)
            index.append(dict(split=split, folder=name, kind=kind, name=stem,
                              image=str(picture.relative_to(out)), target=str(target.relative_to(out))))
            if (i + 1) % 50 == 0 or i + 1 == len(files):
                log(f"pack {split}/{name}: {i + 1}/{len(files)}")
    (out / "index.json").write_text(json.dumps(index, indent=1))
    return index


def load(pack_dir, split):
    """[(image uint8 HxWx3, mask bool HxW, distance float HxW, kind, folder, name)] of one split of a pack."""
    pack_dir = Path(pack_dir)
    index_file = pack_dir / "index.json"
    if not index_file.exists():
        raise SystemExit(f"error: {index_file} is missing: make the pack first (train.py pack --data ... --pack {pack_dir})")
    items = []
    for entry in json.loads(index_file.read_text()):
        if entry["split"] != split:
            continue
        image = np.array(Image.open(pack_dir / entry["image"]).convert("RGB"))
        target = np.array(Image.open(pack_dir / entry["target"]).convert("RGB"))
        items.append((image, target[..., 0] > 127, target[..., 1].astype(np.float32) / 255.0,
                      entry["kind"], entry["folder"], entry["name"]))
    return items
