"""PyTorch CPU side of `marvdash bench`'s convolutional row: the same L0 resnet-28-1 as
`ConvTopology.resnet28x1` (a 3x3 stem of 16, three stages of four basic blocks of 16, 32, 64
filters, stride 2 entering stages 2 and 3, gated 1x1 projections with BN where shapes change,
global average pooling, an ungated dense layer), one hard-concrete gate per filter applied
after BatchNorm's affine transform, one gate sample per mini-batch, the expected-L0 penalty
(lambda and weight decay inside it, per training example), Adam; trained on random 28x28x1
inputs at the batch and thread count given, printing training samples/s.

Usage: python3 torch_l0_resnet.py --threads 2 --batch 128 --warmup 2 --steps 10
Exits 3 when torch cannot be imported (the bench then says "PyTorch not found").
"""
import argparse
import math
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except Exception as error:  # noqa: BLE001 - any import failure means "no usable torch"
    print(f"torch: {error}", file=sys.stderr)
    sys.exit(3)

BETA, GAMMA, ZETA, EPS = 2.0 / 3.0, -0.1, 1.1, 1e-6
LOG_ALPHA_MIN, LOG_ALPHA_MAX = math.log(0.01), math.log(100.0)


class L0Conv(nn.Module):
    """Convolution without bias, BatchNorm, then one hard-concrete gate per output filter."""

    def __init__(self, cin, cout, kernel, stride, padding, drop):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, kernel, stride=stride, padding=padding, bias=False)
        nn.init.kaiming_normal_(self.conv.weight, nonlinearity="relu")
        self.bn = nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1)
        self.log_alpha = nn.Parameter(torch.randn(cout) * 0.01 + math.log((1 - drop) / drop))

    def forward(self, x):
        y = self.bn(self.conv(x))
        u = torch.rand_like(self.log_alpha).clamp(EPS, 1 - EPS)
        s = torch.sigmoid((torch.log(u) - torch.log(1 - u) + self.log_alpha) / BETA)
        z = (s * (ZETA - GAMMA) + GAMMA).clamp(0, 1)
        return y * z.view(1, -1, 1, 1)

    def penalty(self, lam, wd):
        p = torch.sigmoid(self.log_alpha - BETA * math.log(-GAMMA / ZETA)).clamp(EPS, 1 - EPS)
        w = self.conv.weight.flatten(1)
        per_filter = (0.5 * wd * w.pow(2)).sum(1) + lam * w.shape[1]
        return (p * per_filter).sum()


class Block(nn.Module):
    def __init__(self, cin, cout, stride, drop):
        super().__init__()
        self.a = L0Conv(cin, cout, 3, stride, 1, drop)
        self.b = L0Conv(cout, cout, 3, 1, 1, drop)
        self.shortcut = L0Conv(cin, cout, 1, stride, 0, drop) if cin != cout or stride != 1 else None

    def forward(self, x):
        y = self.b(F.relu(self.a(x)))
        return F.relu(y + (self.shortcut(x) if self.shortcut is not None else x))


class L0ResNet28x1(nn.Module):
    def __init__(self, classes=10, drop=0.2):
        super().__init__()
        self.stem = L0Conv(1, 16, 3, 1, 1, drop)
        blocks, cin = [], 16
        for stage, width in enumerate([16, 32, 64]):
            for block in range(4):
                blocks.append(Block(cin, width, 2 if stage > 0 and block == 0 else 1, drop))
                cin = width
        self.blocks = nn.Sequential(*blocks)
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        y = self.blocks(F.relu(self.stem(x)))
        return self.fc(y.mean((2, 3)))

    def penalty(self, lam, wd):
        gated = sum(m.penalty(lam, wd) for m in self.modules() if isinstance(m, L0Conv))
        return gated + 0.5 * wd * self.fc.weight.pow(2).sum()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--train-size", type=int, default=55000)
    parser.add_argument("--lam", type=float, default=0.1)
    parser.add_argument("--wd", type=float, default=5e-4)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    model = L0ResNet28x1()
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.rand(args.batch, 1, 28, 28)
    y = torch.randint(0, 10, (args.batch,))
    gates = [m.log_alpha for m in model.modules() if isinstance(m, L0Conv)]

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y) + model.penalty(args.lam, args.wd) / args.train_size
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            for g in gates:
                g.clamp_(LOG_ALPHA_MIN, LOG_ALPHA_MAX)

    for _ in range(args.warmup):
        step()
    start = time.perf_counter()
    for _ in range(args.steps):
        step()
    print(args.steps * args.batch / (time.perf_counter() - start))


if __name__ == "__main__":
    main()
