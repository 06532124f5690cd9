"""The histology encoder: a compact U-Net that gives, for every 2x2 cell of an H&E image, a unit-length
embedding whose cosine similarity to the embeddings under a user's clicks tells the clicked kind of structure
from the rest, and two instance maps (distance to the object's edge, for nuclei and for glands) that let
touching objects be split.

Sizes were chosen for the job: nuclei at 40x are 10-30 px across and need a fine output (stride 2, with a
skip from full resolution), glands at 20x are 100-400 px across and need context (four downsamplings and a
dilated bottleneck give a receptive field of about 400 px). About 2.8 M parameters, 11 MB in fp32.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

EMBEDDING_CHANNELS = 32
INSTANCE_CHANNELS = ("nucleus", "gland")
STRIDE = 2
# The input size must be a multiple of this (four downsamplings below the stride-2 stem).
SIZE_MULTIPLE = 32


def conv_bn(cin, cout, stride=1, dilation=1):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, stride=stride, padding=dilation, dilation=dilation, bias=False),
        nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class Residual(nn.Module):
    def __init__(self, channels, dilation=1):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(channels, channels, 3, padding=dilation, dilation=dilation, bias=False),
            nn.BatchNorm2d(channels), nn.ReLU(inplace=True),
            nn.Conv2d(channels, channels, 3, padding=dilation, dilation=dilation, bias=False),
            nn.BatchNorm2d(channels))

    def forward(self, x):
        return F.relu(x + self.body(x))


class Down(nn.Module):
    def __init__(self, cin, cout, blocks=1, dilations=(1,)):
        super().__init__()
        layers = [conv_bn(cin, cout, stride=2)]
        for b in range(blocks):
            layers.append(Residual(cout, dilations[b % len(dilations)]))
        self.body = nn.Sequential(*layers)

    def forward(self, x):
        return self.body(x)


class Up(nn.Module):
    def __init__(self, cin, cskip, cout):
        super().__init__()
        self.fuse = nn.Sequential(conv_bn(cin + cskip, cout), conv_bn(cout, cout))

    def forward(self, x, skip):
        x = F.interpolate(x, size=skip.shape[-2:], mode="bilinear", align_corners=False)
        return self.fuse(torch.cat([x, skip], dim=1))


class HistologyEncoder(nn.Module):
    # H&E RGB statistics over the training images, so the graph takes plain 0..1 RGB.
    MEAN = (0.70, 0.52, 0.68)
    STD = (0.17, 0.20, 0.15)

    def __init__(self, width=(24, 48, 80, 128, 160)):
        super().__init__()
        c0, c1, c2, c3, c4 = width
        self.stem = conv_bn(3, c0)                                     # stride 1
        self.d1 = Down(c0, c1, blocks=1)                               # stride 2
        self.d2 = Down(c1, c2, blocks=1)                               # stride 4
        self.d3 = Down(c2, c3, blocks=2)                               # stride 8
        self.d4 = Down(c3, c4, blocks=2, dilations=(2, 4))          # stride 16, wide context
        self.u3 = Up(c4, c3, c3)
        self.u2 = Up(c3, c2, c2)
        self.u1 = Up(c2, c1, 48)
        self.full = nn.Sequential(conv_bn(c0, 16, stride=2))           # full-resolution edges, brought to stride 2
        self.embed = nn.Sequential(conv_bn(48 + 16, 48), nn.Conv2d(48, EMBEDDING_CHANNELS, 1))
        self.instance = nn.Sequential(conv_bn(48 + 16, 24), nn.Conv2d(24, len(INSTANCE_CHANNELS), 1))
        self.register_buffer("mean", torch.tensor(self.MEAN).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(self.STD).view(1, 3, 1, 1))

    def forward(self, image):
        """image: N x 3 x H x W, RGB in 0..1, H and W multiples of SIZE_MULTIPLE.
        Returns (embedding N x 32 x H/2 x W/2 of unit length, instance N x 2 x H/2 x W/2 in 0..1)."""
        x0 = self.stem((image - self.mean) / self.std)
        x1 = self.d1(x0)
        x2 = self.d2(x1)
        x3 = self.d3(x2)
        x4 = self.d4(x3)
        y = self.u1(self.u2(self.u3(x4, x3), x2), x1)
        y = torch.cat([y, self.full(x0)], dim=1)
        embedding = F.normalize(self.embed(y), dim=1, eps=1e-6)
        instance = torch.sigmoid(self.instance(y))
        return embedding, instance


class Exported(nn.Module):
    """What goes into the ONNX file: the encoder with named outputs, nothing else."""

    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder

    def forward(self, image):
        return self.encoder(image)


def parameter_count(model):
    return sum(p.numel() for p in model.parameters())
