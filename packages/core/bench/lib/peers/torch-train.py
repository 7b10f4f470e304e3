"""PyTorch peer of train-mnist-bench.ts: the same MNIST CNN (conv 8@3x3 same, ReLU, 2x2 max pool,
conv 16@3x3 same, ReLU, 2x2 max pool, flatten, dense 64, ReLU, dense 10), He-normal weights and
zero biases, Adam (lr, betas 0.9/0.999, eps 1e-8), mean softmax cross-entropy on the logits,
batch size and epochs as given, eager mode. The data is the benchmark's own: float32 images
[N,1,28,28] and int32 labels, written by bench/lib/peers/torch-train.ts. Prints one JSON line per
epoch: {"epoch", "ms", "trainLoss", "testAccuracy"}; the epoch time covers the shuffle, forward,
backward and Adam step, not the test evaluation (as ours).

    /usr/bin/python3 torch-train.py --data DIR --epochs 3 --threads 1 --batch 32 --lr 0.0015
"""
import argparse, json, os, time

import numpy as np
import torch
from torch import nn

parser = argparse.ArgumentParser()
parser.add_argument('--data', required=True)
parser.add_argument('--epochs', type=int, default=3)
parser.add_argument('--threads', type=int, default=1)
parser.add_argument('--batch', type=int, default=32)
parser.add_argument('--lr', type=float, default=0.0015)
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)


def load(name):
    images = np.fromfile(os.path.join(args.data, f'{name}-images.f32'), dtype='<f4')
    labels = np.fromfile(os.path.join(args.data, f'{name}-labels.i32'), dtype='<i4')
    return torch.from_numpy(images.reshape(-1, 1, 28, 28).copy()), torch.from_numpy(labels.astype(np.int64))


x, y = load('train')
tx, ty = load('test')
model = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding='same'), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, padding='same'), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(16 * 49, 64), nn.ReLU(), nn.Linear(64, 10))
for m in model:
    if isinstance(m, (nn.Conv2d, nn.Linear)):
        nn.init.kaiming_normal_(m.weight, nonlinearity='relu')
        nn.init.zeros_(m.bias)
params = sum(p.numel() for p in model.parameters())
print(json.dumps({'torch': torch.__version__, 'threads': torch.get_num_threads(), 'parameters': params}), flush=True)
opt = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.999), eps=1e-8)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(1, args.epochs + 1):
    model.train()
    start = time.perf_counter()
    order = torch.randperm(len(y))
    total = 0.0
    for b in range(0, len(y), args.batch):
        idx = order[b:b + args.batch]
        opt.zero_grad()
        loss = loss_fn(model(x[idx]), y[idx])
        loss.backward()
        opt.step()
        total += loss.item() * len(idx)
    ms = (time.perf_counter() - start) * 1000
    model.eval()
    with torch.no_grad():
        accuracy = (model(tx).argmax(1) == ty).float().mean().item()
    print(json.dumps({'epoch': epoch, 'ms': ms, 'trainLoss': total / len(y), 'testAccuracy': accuracy}), flush=True)
