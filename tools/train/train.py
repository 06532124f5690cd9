#!/usr/bin/env python3
"""Trains, validates and exports Sparse SAM's learned histology encoder (see README.md beside this file).

    python train.py pack   --data ../../../shared/data --pack PACK          # once: pictures + targets, ~2 min
    python train.py train  --pack PACK --out RUN [--device cpu|cuda] [--steps N]   # resumes from RUN/checkpoint.pt
    python train.py export --run RUN --out ../../src/main/resources/org/sparsesam/models/histology
    python train.py smoke  --pack PACK                                      # a few steps on a few images, < 1 min

Training is episodic, like the plugin's use: from each patch's ground truth a few foreground and background
clicks are drawn, each click's prototype is the mean embedding of the cell under it and its four neighbours
(as the plugin's SelfSimilarity takes it), a cell's foreground logit is (best cosine to a foreground prototype -
best cosine to a background prototype) / T, and that map, upsampled, is trained against the whole mask of the
clicked kind (BCE + Dice). A quarter of the episodes swap the roles (clicks in the background as foreground),
so that the clicks, not a prior, decide what is segmented. An instance head learns each object's distance to
its edge (nuclei and glands in their own channel), which the plugin uses to split touching objects.
"""
import argparse
import json
import math
import os
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data  # noqa: E402
import model as M  # noqa: E402

PATCH = 256
MAX_CLICKS = 8
SWAP_PROBABILITY = 0.25
# Share of patches drawn from each training folder: nuclei and glands about equally, nuclei from three sources.
FOLDER_SHARES = {"glas": 0.40, "monuseg": 0.24, "consep": 0.18, "cpm15": 0.18}
VALIDATION_CLICKS = (5, 5)


def log(message):
    print(time.strftime("%H:%M:%S"), message, flush=True)


# ---------------------------------------------------------------------------------------------------- sampling
class Sampler:
    """Random patches with flips, turns, scale and stain jitter, drawn on the training device."""

    def __init__(self, items, device, generator, device_generator, patch=PATCH):
        self.device = device
        self.patch = patch
        self.g = generator
        self.gd = device_generator
        self.by_folder = {}
        for image, mask, distance, kind, folder, name in items:
            self.by_folder.setdefault(folder, []).append(dict(
                image=torch.from_numpy(image).to(device).permute(2, 0, 1).contiguous(),   # 3 x H x W uint8
                mask=torch.from_numpy(mask).to(device),
                distance=torch.from_numpy(distance).to(device),
                kind=M.INSTANCE_CHANNELS.index(kind),
                foreground=torch.from_numpy(np.flatnonzero(mask)).to(device)))
        shares = {f: s for f, s in FOLDER_SHARES.items() if f in self.by_folder}
        total = sum(shares.values())
        self.folders = list(shares)
        self.weights = [shares[f] / total for f in self.folders]

    def rand(self):
        return torch.rand(1, generator=self.g).item()

    def one(self):
        folder = self.folders[int(torch.multinomial(torch.tensor(self.weights), 1, generator=self.g))]
        pool = self.by_folder[folder]
        item = pool[int(torch.randint(len(pool), (1,), generator=self.g))]
        _, h, w = item["image"].shape
        scale = math.exp((self.rand() * 2 - 1) * math.log(1.25))           # scanners and magnifications differ
        side = min(h, w, max(32, int(round(self.patch / scale))))
        if item["foreground"].numel() > 0 and self.rand() < 0.7:           # most patches hold the structure
            index = int(item["foreground"][int(torch.randint(item["foreground"].numel(), (1,), generator=self.g))])
            cy, cx = divmod(index, w)
            y0 = min(max(0, cy - side // 2 + int(torch.randint(-side // 4, side // 4 + 1, (1,), generator=self.g))), h - side)
            x0 = min(max(0, cx - side // 2 + int(torch.randint(-side // 4, side // 4 + 1, (1,), generator=self.g))), w - side)
        else:
            y0 = int(torch.randint(h - side + 1, (1,), generator=self.g))
            x0 = int(torch.randint(w - side + 1, (1,), generator=self.g))
        image = item["image"][:, y0:y0 + side, x0:x0 + side].float().div(255)
        mask = item["mask"][y0:y0 + side, x0:x0 + side].float()
        distance = item["distance"][y0:y0 + side, x0:x0 + side]
        stack = torch.cat([image, mask[None], distance[None]], 0)[None]
        if side != self.patch:
            size = (self.patch, self.patch)
            stack = torch.cat([
                F.interpolate(stack[:, :3], size=size, mode="bilinear", align_corners=False, antialias=side > self.patch),
                F.interpolate(stack[:, 3:4], size=size, mode="nearest"),
                F.interpolate(stack[:, 4:5], size=size, mode="bilinear", align_corners=False)], 1)
        k = int(torch.randint(4, (1,), generator=self.g))
        stack = torch.rot90(stack, k, (2, 3))
        if self.rand() < 0.5:
            stack = stack.flip(3)
        return stack[0], item["kind"]

    def batch(self, size):
        stacks, kinds = zip(*(self.one() for _ in range(size)))
        stack = torch.stack(stacks)
        image = stain_jitter(stack[:, :3], self.g, self.gd)
        return image, stack[:, 3:4], stack[:, 4:5], torch.tensor(kinds, device=self.device)


def stain_jitter(image, g, gd):
    """Colour as scanners and stains vary: a random near-identity colour mix, gain, offset, a little blur and noise."""
    n = image.shape[0]
    dev = image.device
    mix = torch.eye(3, device=dev) + 0.06 * torch.randn(n, 3, 3, generator=g).to(dev)
    gain = 1 + 0.12 * (torch.rand(n, 3, 1, 1, generator=g).to(dev) * 2 - 1)
    offset = 0.06 * (torch.rand(n, 3, 1, 1, generator=g).to(dev) * 2 - 1)
    mean = image.mean(dim=(2, 3), keepdim=True)
    contrast = 1 + 0.2 * (torch.rand(n, 1, 1, 1, generator=g).to(dev) * 2 - 1)
    x = torch.einsum("nij,njhw->nihw", mix, image)
    x = (x - mean) * contrast + mean
    x = x * gain + offset
    blur = torch.rand(n, generator=g) < 0.2
    if blur.any():
        kernel = torch.tensor([0.25, 0.5, 0.25], device=dev)
        kernel = (kernel[:, None] * kernel[None, :]).expand(3, 1, 3, 3)
        blurred = F.conv2d(F.pad(x, (1, 1, 1, 1), mode="replicate"), kernel, groups=3)
        x = torch.where(blur.to(dev)[:, None, None, None], blurred, x)
    x = x + 0.01 * torch.randn(x.shape, generator=gd, device=dev)
    return x.clamp(0, 1)


# ----------------------------------------------------------------------------------------------- the episode
PLUS = torch.tensor([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=torch.float32) / 5


def prototypes_at(embedding, cells):
    """Unit-length mean of the embedding over the cell and its 4 neighbours, at flat cell indices cells (N x K)."""
    n, c, h, w = embedding.shape
    kernel = PLUS.to(embedding.device, embedding.dtype).expand(c, 1, 3, 3)
    # cells outside the grid count as missing, as the plugin averages only the cells it has: divide by the count
    summed = F.conv2d(embedding, kernel * 5, padding=1, groups=c)
    count = F.conv2d(torch.ones(1, 1, h, w, device=embedding.device, dtype=embedding.dtype), PLUS.to(embedding.device, embedding.dtype)[None, None] * 5, padding=1)
    mean = (summed / count).flatten(2)                                      # N x C x HW
    picked = torch.gather(mean, 2, cells[:, None, :].expand(n, c, cells.shape[1]))
    return F.normalize(picked, dim=1, eps=1e-6)                            # N x C x K


def draw_clicks(cell_mask, counts, gd):
    """Flat cell indices of MAX_CLICKS clicks per image drawn where cell_mask (N x HW) is true; the first counts[i] count."""
    weights = cell_mask.float() + 1e-12
    cells = torch.multinomial(weights, MAX_CLICKS, replacement=cell_mask.sum(1).min().item() < MAX_CLICKS, generator=gd)
    valid = torch.arange(MAX_CLICKS, device=cell_mask.device)[None, :] < counts[:, None]
    return cells, valid


def click_logit(embedding, fg_cells, fg_valid, bg_cells, bg_valid, log_temperature):
    fg = prototypes_at(embedding, fg_cells)
    bg = prototypes_at(embedding, bg_cells)
    flat = embedding.flatten(2)                                             # N x C x HW
    fg_sim = torch.einsum("nck,ncp->nkp", fg, flat).masked_fill(~fg_valid[:, :, None], -2).amax(1)
    bg_sim = torch.einsum("nck,ncp->nkp", bg, flat).masked_fill(~bg_valid[:, :, None], -2).amax(1)
    logit = (fg_sim - bg_sim) / log_temperature.exp()
    return logit.view(embedding.shape[0], 1, embedding.shape[2], embedding.shape[3])


def episode_loss(net, log_temperature, image, mask, distance, kinds, g, gd, autocast, swap_probability=SWAP_PROBABILITY):
    """The network runs under autocast; similarities and losses in float32 (cosines over a temperature of 0.1
    need more than bfloat16's three digits)."""
    n = image.shape[0]
    dev = image.device
    with autocast:
        embedding, instance = net(image)
    swap = (torch.rand(n, generator=g) < swap_probability).to(dev)
    target = torch.where(swap[:, None, None, None], 1 - mask, mask)
    cells = F.avg_pool2d(target, M.STRIDE).flatten(1)                       # N x HW on the grid
    fg_cells_mask, bg_cells_mask = cells > 0.99, cells < 0.01
    usable = (fg_cells_mask.sum(1) > 0) & (bg_cells_mask.sum(1) > 0)
    fg_counts = torch.randint(1, MAX_CLICKS + 1, (n,), generator=g).to(dev)
    bg_counts = torch.randint(1, MAX_CLICKS + 1, (n,), generator=g).to(dev)
    fg_cells, fg_valid = draw_clicks(fg_cells_mask | ~usable[:, None], fg_counts, gd)
    bg_cells, bg_valid = draw_clicks(bg_cells_mask | ~usable[:, None], bg_counts, gd)
    logit = click_logit(embedding.float(), fg_cells, fg_valid, bg_cells, bg_valid, log_temperature)
    logit = F.interpolate(logit, size=target.shape[-2:], mode="bilinear", align_corners=False)
    weight = usable.float()[:, None, None, None]
    bce = (F.binary_cross_entropy_with_logits(logit, target, reduction="none") * weight).sum() / (weight.sum() * target[0].numel() + 1e-6)
    p = torch.sigmoid(logit)
    dice = 1 - (2 * (p * target).sum((1, 2, 3)) + 1) / (p.sum((1, 2, 3)) + target.sum((1, 2, 3)) + 1)
    dice = (dice * usable.float()).sum() / (usable.float().sum() + 1e-6)
    # instance head: the distance of this patch's kind, trained only where that kind is annotated
    target_distance = F.avg_pool2d(distance, M.STRIDE)
    chosen = torch.gather(instance.float(), 1, kinds[:, None, None, None].expand(-1, 1, *instance.shape[-2:]))
    instance_loss = F.mse_loss(chosen, target_distance) * 4
    return bce + dice + instance_loss, dict(bce=bce.item(), dice=dice.item(), inst=instance_loss.item())


# ------------------------------------------------------------------------------------------------ validation
def pad_to_multiple(image, multiple=M.SIZE_MULTIPLE):
    h, w = image.shape[-2:]
    ph, pw = (-h) % multiple, (-w) % multiple
    return F.pad(image, (0, pw, 0, ph), mode="reflect") if ph or pw else image


@torch.no_grad()
def validate(net, log_temperature, items, device, seed=1):
    """Dice at 0.5 on each validation image with VALIDATION_CLICKS seeded random clicks, per folder."""
    net.eval()
    rng = np.random.default_rng(seed)
    dice = {}
    for image, mask, distance, kind, folder, name in items:
        x = torch.from_numpy(image).to(device).permute(2, 0, 1)[None].float().div(255)
        h, w = mask.shape
        embedding, _ = net(pad_to_multiple(x))
        embedding = embedding.float()
        gh, gw = (h + 1) // 2, (w + 1) // 2
        embedding = embedding[:, :, :gh, :gw].contiguous()
        cells = torch.from_numpy(mask[::2, ::2][:gh, :gw].reshape(1, -1).copy()).to(device)
        fg = torch.from_numpy(rng.choice(np.flatnonzero(cells.cpu().numpy()), VALIDATION_CLICKS[0], replace=False)).to(device)[None]
        bg = torch.from_numpy(rng.choice(np.flatnonzero(~cells.cpu().numpy()), VALIDATION_CLICKS[1], replace=False)).to(device)[None]
        ones = torch.ones_like(fg, dtype=torch.bool)
        # click_logit takes MAX_CLICKS slots; here every slot is a real click
        logit = click_logit(embedding, fg, ones, bg, torch.ones_like(bg, dtype=torch.bool), log_temperature)
        logit = F.interpolate(logit, size=(gh * 2, gw * 2), mode="bilinear", align_corners=False)[0, 0, :h, :w]
        predicted = (logit > 0).cpu().numpy()
        overlap = (predicted & mask).sum()
        dice.setdefault(folder, []).append(2 * overlap / max(1, predicted.sum() + mask.sum()))
    net.train()
    return {f: float(np.mean(v)) for f, v in dice.items()}


# -------------------------------------------------------------------------------------------------- training
def learning_rate(step, total, peak):
    """Linear warm-up over the first 3 % (at most 300 steps), then a cosine down to 2 % of the peak."""
    warm = max(1, min(300, int(0.03 * total)))
    if step < warm:
        return peak * (step + 1) / warm
    progress = min(1.0, (step - warm) / max(1, total - warm))
    return peak * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * progress)))


def save_atomically(obj, path):
    tmp = path.with_suffix(".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


def train(args):
    device = torch.device(args.device)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    if device.type == "cpu":
        torch.set_num_threads(args.threads)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    items = data.load(args.pack, "train")
    if args.limit:
        items = items[:: max(1, len(items) // args.limit)][: args.limit]
    validation = data.load(args.pack, "val") if args.validate_every else []
    if args.limit:
        validation = validation[:2] + validation[-2:]
    log(f"training on {len(items)} images, validating on {len(validation)}, device {device}")
    net = M.HistologyEncoder().to(device).to(memory_format=torch.channels_last)
    log_temperature = torch.nn.Parameter(torch.tensor(math.log(0.1), device=device))
    optimizer = torch.optim.AdamW(list(net.parameters()) + [log_temperature], lr=args.lr, weight_decay=1e-4)
    g = torch.Generator().manual_seed(args.seed)
    gd = torch.Generator(device=device).manual_seed(args.seed + 1)
    torch.backends.cudnn.benchmark = True
    step, best, history = 0, -1.0, []
    # With --minutes the length is set from the speed of the first steps, so a run on any machine ends on time with
    # its learning rate annealed; with --steps it is fixed and the run is reproducible step for step.
    total = args.steps if not args.minutes else 0
    checkpoint = out / "checkpoint.pt"
    if checkpoint.exists():
        state = torch.load(checkpoint, map_location=device, weights_only=False)
        net.load_state_dict(state["net"])
        log_temperature.data.copy_(state["log_temperature"].to(device))
        optimizer.load_state_dict(state["optimizer"])
        total = state["total"]
        g.set_state(state["generator"])
        gd.set_state(state["device_generator"])
        step, best, history = state["step"], state["best"], state["history"]
        log(f"resumed from {checkpoint} at step {step} (best validation Dice {best:.4f})")
    sampler = Sampler(items, device, g, gd, args.patch)
    net.train()
    started = time.time()
    autocast = torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=args.bf16 or device.type == "cuda")
    run_started = time.time()
    while total == 0 or step < total:
        # the first steps are slow (kernel selection, caches): time steps 20-60 only
        if total == 0 and step == 20:
            timed_from = time.time()
        if total == 0 and step == 60:
            rate = 40 / (time.time() - timed_from)
            total = int(60 + rate * (args.minutes * 60 - (time.time() - run_started)) * 0.95)
            log(f"{rate:.1f} steps/s: {total} steps fit in {args.minutes} minutes")
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, total or 10 ** 9, args.lr)
        image, mask, distance, kinds = sampler.batch(args.batch)
        loss, parts = episode_loss(net, log_temperature, image.contiguous(memory_format=torch.channels_last), mask, distance,
                                   kinds, g, gd, autocast)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
        optimizer.step()
        step += 1
        if step % args.log_every == 0 or step == total:
            rate = step / max(1e-9, time.time() - started) if not history else args.log_every / max(1e-9, time.time() - started)
            log(f"step {step}/{total} loss {loss.item():.4f} bce {parts['bce']:.4f} dice {parts['dice']:.4f} "
                f"inst {parts['inst']:.4f} T {log_temperature.exp().item():.4f} lr {optimizer.param_groups[0]['lr']:.2e}")
            started = time.time() if history else started
        if args.validate_every and (step % args.validate_every == 0 or step == total):
            dice = validate(net, log_temperature, validation, device)
            score = float(np.mean(list(dice.values())))
            history.append(dict(step=step, dice=dice, score=score))
            log(f"validation at step {step}: " + ", ".join(f"{f} {d:.4f}" for f, d in dice.items()) + f" (mean {score:.4f})")
            if score > best:
                best = score
                save_atomically(dict(net=net.state_dict(), log_temperature=log_temperature.detach().cpu(), step=step,
                                     dice=dice, args=vars(args)), out / "best.pt")
        if step % args.checkpoint_every == 0 or step == total:
            save_atomically(dict(net=net.state_dict(), log_temperature=log_temperature.detach().cpu(),
                                 optimizer=optimizer.state_dict(), total=total,
                                 generator=g.get_state(), device_generator=gd.get_state(), step=step, best=best, history=history, args=vars(args)), checkpoint)
    if not (out / "best.pt").exists():
        save_atomically(dict(net=net.state_dict(), log_temperature=log_temperature.detach().cpu(), step=step,
                             dice={}, args=vars(args)), out / "best.pt")
    (out / "history.json").write_text(json.dumps(history, indent=1))
    log(f"done: {step} steps in {(time.time() - run_started) / 60:.1f} min; best validation Dice {best:.4f}; weights in {out / 'best.pt'}")


# ---------------------------------------------------------------------------------------------------- export
def export(args):
    import hashlib
    import onnx
    import onnxruntime as ort
    state = torch.load(Path(args.run) / "best.pt", map_location="cpu", weights_only=False)
    net = M.HistologyEncoder()
    net.load_state_dict(state["net"])
    net.eval()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    onnx_path = out / "histology-encoder.onnx"
    example = torch.rand(1, 3, 128, 160)
    tmp = onnx_path.with_suffix(".tmp")
    torch.onnx.export(M.Exported(net).eval(), (example,), str(tmp), opset_version=17, input_names=["image"],
                      output_names=["embedding", "instance"], dynamo=False,
                      dynamic_axes={"image": {2: "height", 3: "width"}, "embedding": {2: "grid_height", 3: "grid_width"},
                                    "instance": {2: "grid_height", 3: "grid_width"}})
    onnx.checker.check_model(str(tmp))
    os.replace(tmp, onnx_path)
    # parity: ONNX Runtime against PyTorch on another size than the example
    check = torch.rand(1, 3, 224, 192)
    net.eval()  # export restores the wrapper's mode
    with torch.no_grad():
        e, i = net(check)
    session = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    oe, oi = session.run(None, {"image": check.numpy()})
    error = max(float(np.abs(oe - e.numpy()).max()), float(np.abs(oi - i.numpy()).max()))
    if error > 1e-3:
        raise SystemExit(f"error: ONNX Runtime and PyTorch differ by {error} on the parity check")
    sha = hashlib.sha256(onnx_path.read_bytes()).hexdigest()
    manifest = dict(
        name="histology-v1", kind="histology-encoder", file=onnx_path.name, sha256=sha, opset=17,
        input=dict(name="image", layout="NCHW", channels="RGB", range=[0, 1], size_multiple=M.SIZE_MULTIPLE),
        outputs=dict(embedding=dict(channels=M.EMBEDDING_CHANNELS, unit_length=True),
                     instance=dict(channels=list(M.INSTANCE_CHANNELS), meaning="distance to the object's edge, 1 at its centre")),
        stride=M.STRIDE, temperature=float(state["log_temperature"].exp()),
        prototype_radius_cells=1, receptive_field_pixels=480,
        training=dict(step=state["step"], validation_dice=state.get("dice", {}),
                      **{k: state["args"].get(k) for k in ("seed", "minutes", "batch", "patch", "lr", "device")},
                      **({} if state["args"].get("minutes") else dict(steps=state["args"].get("steps")))),
        parity_max_abs_error=error)
    (out / "histology-encoder.json").write_text(json.dumps(manifest, indent=1) + "\n")
    log(f"exported {onnx_path} ({onnx_path.stat().st_size / 1e6:.1f} MB, sha256 {sha[:12]}...), parity error {error:.2e}")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    pk = sub.add_parser("pack", help="pictures and targets from the annotated folders")
    pk.add_argument("--data", required=True, help="the shared data folder (train/, monuseg/, glas/)")
    pk.add_argument("--pack", required=True)
    for name in ("train", "smoke"):
        t = sub.add_parser(name)
        t.add_argument("--pack", required=True)
        t.add_argument("--out", default="runs/histology" if name == "train" else "runs/smoke")
        t.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
        t.add_argument("--steps", type=int, default=6000 if name == "train" else 4)
        t.add_argument("--minutes", type=float, default=0, help="instead of --steps: as many steps as fit in this time")
        t.add_argument("--bf16", action="store_true", help="bfloat16 autocast (always on with cuda)")
        t.add_argument("--batch", type=int, default=12 if name == "train" else 2)
        t.add_argument("--lr", type=float, default=2e-3)
        t.add_argument("--patch", type=int, default=PATCH, help="training patch side in pixels")
        t.add_argument("--seed", type=int, default=1)
        t.add_argument("--threads", type=int, default=2)
        t.add_argument("--limit", type=int, default=0 if name == "train" else 6, help="train on this many images only")
        t.add_argument("--log-every", type=int, default=50 if name == "train" else 1)
        t.add_argument("--validate-every", type=int, default=500 if name == "train" else 4)
        t.add_argument("--checkpoint-every", type=int, default=100 if name == "train" else 2)
    e = sub.add_parser("export")
    e.add_argument("--run", required=True)
    e.add_argument("--out", required=True)
    args = p.parse_args(argv)
    if args.command == "pack":
        data.pack(args.data, args.pack, log)
    elif args.command in ("train", "smoke"):
        train(args)
    else:
        export(args)


if __name__ == "__main__":
    main()
