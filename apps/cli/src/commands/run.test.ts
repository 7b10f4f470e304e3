import { createModel, decodeImage, encodePng, gradientSeed, imageInputGeometry, imageToTensor, resolveGradientTarget, syntheticSix, templates, tensorToImage, type GradientTarget, type Tensor } from '@convstudio/core';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { gridLayout } from '../render/grid-layout.js';
import { recordingIo, removeTemporaryDirectories } from '../test-io.fixture.js';

afterAll(removeTemporaryDirectories);

async function setUp(templateId: string) {
  const io = recordingIo();
  const template = templates.find((t) => t.id === templateId);
  await writeFile(join(io.cwd, 'net.json'), JSON.stringify(template?.build()));
  // The document's 6 as a PNG file, 0..255 mapped to black..white.
  await writeFile(join(io.cwd, 'six.png'), encodePng(tensorToImage(syntheticSix(), { range: [0, 255] })));
  return io;
}

interface Summary {
  nodes: { id: string; kind: string; shape: number[]; min: number; max: number; mean: number; file: string; grid: { kind: string; tiles: number; columns: number; rows: number; scale: number }; values?: number[] }[];
}

describe('convstudio run', () => {
  it('writes one grid per node of the worked example, with one tile per channel', async () => {
    const io = await setUp('worked-example');
    const code = await main(['run', 'net.json', '--image', 'six.png', '--out', 'maps', '--scale', '0-255'], io);
    expect(io.err).toBe('');
    expect(code).toBe(0);
    const dir = join(io.cwd, 'maps');
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as Summary;
    expect(summary.nodes.map((n) => [n.id, n.shape])).toEqual([
      ['input', [1, 28, 28]],
      ['conv1', [2, 24, 24]],
      ['normalize1', [2, 24, 24]],
      ['relu1', [2, 24, 24]],
      ['pool1', [2, 8, 8]],
    ]);
    expect((await readdir(dir)).sort()).toEqual(['0-input.png', '1-conv1.png', '2-normalize1.png', '3-relu1.png', '4-pool1.png', 'summary.json']);
    for (const node of summary.nodes) {
      const [channels, height, width] = node.shape;
      const layout = gridLayout(channels, height, width);
      expect(node.grid).toMatchObject({ kind: 'maps', tiles: channels, columns: layout.columns, rows: layout.rows, scale: layout.scale });
      const png = decodeImage(new Uint8Array(await readFile(join(dir, node.file))));
      expect([png.width, png.height], node.id).toEqual([layout.width, layout.height]);
    }
    // Two 24x24 maps upscaled 3x, side by side with a one-pixel gap; 8x8 maps upscaled 8x.
    expect(summary.nodes[1].grid).toMatchObject({ columns: 2, rows: 1, scale: 3 });
    expect(summary.nodes[4].grid).toMatchObject({ columns: 2, rows: 1, scale: 8 });
    // The input at 0-255 is the document's digit exactly; normalize maps each map onto [0, 255].
    expect([summary.nodes[0].min, summary.nodes[0].max]).toEqual([0, 255]);
    expect(summary.nodes[2].min).toBeCloseTo(0, 3);
    expect(summary.nodes[2].max).toBeCloseTo(255, 3);
    expect(io.out).toMatch(/wrote 5 pictures and summary\.json to maps\n$/);
  });

  it('draws flat outputs as a block of cells and lists up to 100 values', async () => {
    const io = await setUp('mnist-cnn');
    expect(await main(['run', 'net.json', '--image', 'six.png', '--out', 'maps'], io)).toBe(0);
    const summary = JSON.parse(await readFile(join(io.cwd, 'maps', 'summary.json'), 'utf8')) as Summary;
    const logits = summary.nodes.find((n) => n.id === 'fc2');
    expect(logits).toMatchObject({ shape: [10], grid: { kind: 'vector', tiles: 1, columns: 1, rows: 1 } });
    expect(logits?.values).toHaveLength(10);
    const flatten = summary.nodes.find((n) => n.id === 'flatten');
    expect(flatten).toMatchObject({ shape: [784] });
    expect(flatten?.values).toBeUndefined();
    const png = decodeImage(new Uint8Array(await readFile(join(io.cwd, 'maps', logits?.file ?? ''))));
    expect([png.width, png.height]).toEqual([64, 48]); // 10 values in 4x3 cells of 16 px
  });

  it('names the image file when it cannot be decoded, and the node when channels do not fit', async () => {
    const io = await setUp('worked-example');
    await writeFile(join(io.cwd, 'notes.png'), 'hello');
    expect(await main(['run', 'net.json', '--image', 'notes.png', '--out', 'maps'], io)).toBe(1);
    expect(io.err).toMatch(/^notes\.png: decodeImage: bytes is not a PNG or JPEG file/);
    expect(io.err.trimEnd().split('\n')).toHaveLength(1);

    const network = JSON.parse(await readFile(join(io.cwd, 'net.json'), 'utf8'));
    network.nodes[0].params.channels = 2;
    network.nodes[1].weight = { init: 'he' };
    await writeFile(join(io.cwd, 'two.json'), JSON.stringify(network));
    const second = recordingIo({ cwd: io.cwd });
    expect(await main(['run', 'two.json', '--image', 'six.png', '--out', 'maps'], second)).toBe(1);
    expect(second.err).toBe('two.json: node "input" (input): params.channels: an image gives 1 (grayscale) or 3 (RGB) channels, got 2\n');
  });
});

interface GradSummary {
  gradients: {
    target: { kind: string; index: number; nodeId: string; description: string };
    value: number;
    probabilities?: number[];
    input: string;
    nodes: { id: string; shape: number[]; min: number; max: number; peak: number; file: string; values?: number[] }[];
    weights: { id: string; shape: number[]; min: number; max: number; peak: number; file: string | null; values?: number[] }[];
  };
}

/** The CLI's input and core's backward of the same target, computed here. */
async function coreGradients(io: ReturnType<typeof recordingIo>, target: GradientTarget) {
  const model = createModel(JSON.parse(await readFile(join(io.cwd, 'net.json'), 'utf8')));
  const geometry = imageInputGeometry(model.shapes);
  if (!geometry.ok) throw new Error('no geometry');
  const x = imageToTensor(decodeImage(new Uint8Array(await readFile(join(io.cwd, 'six.png')))), { mode: geometry.mode, scale: '0-1', size: geometry.size });
  const activations = model.forward(x);
  const logits = activations.get('fc2')?.data ?? new Float32Array();
  const top = logits.indexOf(Math.max(...logits));
  const resolved = resolveGradientTarget(model, target, top);
  return { model, resolved, top, grads: model.backward(activations, gradientSeed(resolved, activations.get(resolved.nodeId) as Tensor), resolved.nodeId) };
}

const extremes = (t: Tensor) => [Math.min(...t.data), Math.max(...t.data)];

describe('convstudio run --grad', () => {
  it('label=3 writes dL/d(output) of every node, the saliency and dL/dW, equal to core\'s backward', async () => {
    const io = await setUp('mnist-cnn');
    expect(await main(['run', 'net.json', '--image', 'six.png', '--out', 'maps', '--grad', 'label=3'], io)).toBe(0);
    expect(io.err).toBe('');
    const { gradients } = JSON.parse(await readFile(join(io.cwd, 'maps', 'summary.json'), 'utf8')) as GradSummary;
    const { grads, resolved, model } = await coreGradients(io, { kind: 'label', index: 3 });
    expect(gradients.target).toEqual(resolved);
    expect(gradients.input).toBe('input');
    // The logits' gradient is softmax − one-hot: listed in full, equal to core's.
    const dLogits = gradients.nodes.find((n) => n.id === 'fc2');
    expect(dLogits?.values).toEqual(Array.from(grads.nodes.get('fc2')?.data ?? []));
    expect(dLogits?.values?.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 5);
    expect(gradients.probabilities?.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(gradients.nodes.map((n) => n.id)).toEqual(model.shapes.nodes.map((n) => n.node.id));
    for (const node of gradients.nodes) {
      const g = grads.nodes.get(node.id) as Tensor;
      expect([node.min, node.max], node.id).toEqual(extremes(g));
      const png = decodeImage(new Uint8Array(await readFile(join(io.cwd, 'maps', node.file))));
      const [channels, height, width] = node.shape.length === 3 ? node.shape : [1, 1, node.shape[0]];
      if (node.shape.length === 3) expect([png.width, png.height], node.id).toEqual([gridLayout(channels, height, width).width, gridLayout(channels, height, width).height]);
    }
    // The saliency is the input node's gradient; dL/dW of every learnable layer on the path.
    const saliency = gradients.nodes.find((n) => n.id === 'input');
    expect(saliency?.shape).toEqual([1, 28, 28]);
    expect(saliency?.peak).toBe(Math.max(...Array.from(grads.input.data, Math.abs)));
    expect(gradients.weights.map((w) => w.id)).toEqual([...grads.parameters.keys()].reverse());
    for (const w of gradients.weights) expect([w.min, w.max], w.id).toEqual(extremes(grads.parameters.get(w.id)?.weight as Tensor));
    const files = await readdir(join(io.cwd, 'maps'));
    expect(files).toContain('grad-w-01-conv1.png');
    expect(files.filter((f) => f.startsWith('grad-')).length).toBe(gradients.nodes.length + gradients.weights.length);
    expect(io.out).toMatch(/L = the cross-entropy loss of fc2 for the true label 3 = /);
  });

  it('draws gradients on a diverging scale: 0 is white, the largest positive value the reddest', async () => {
    const io = await setUp('worked-example');
    expect(await main(['run', 'net.json', '--image', 'six.png', '--out', 'maps', '--grad', 'sum'], io)).toBe(0);
    const { gradients } = JSON.parse(await readFile(join(io.cwd, 'maps', 'summary.json'), 'utf8')) as GradSummary;
    expect(gradients.target).toMatchObject({ kind: 'sum', nodeId: 'pool1' });
    const pool = gradients.nodes.find((n) => n.id === 'pool1');
    expect([pool?.min, pool?.max]).toEqual([1, 1]);
    const png = decodeImage(new Uint8Array(await readFile(join(io.cwd, 'maps', pool?.file ?? ''))));
    expect(Array.from(png.data.slice(0, 3))).toEqual([178, 24, 43]); // every value is the peak: full red
    const dLdW = gradients.weights.find((w) => w.id === 'conv1');
    expect(dLdW?.shape).toEqual([2, 1, 5, 5]);
  });

  it('class without an index is the predicted class; errors name what was expected', async () => {
    const io = await setUp('mnist-cnn');
    expect(await main(['run', 'net.json', '--image', 'six.png', '--out', 'maps', '--grad', 'class'], io)).toBe(0);
    const { gradients } = JSON.parse(await readFile(join(io.cwd, 'maps', 'summary.json'), 'utf8')) as GradSummary;
    const { top } = await coreGradients(io, { kind: 'class' });
    expect(gradients.target.index).toBe(top);
    expect(gradients.nodes.find((n) => n.id === 'fc2')?.values).toEqual(Array.from({ length: 10 }, (_, i) => (i === top ? 1 : 0)));

    const bad = await setUp('mnist-cnn');
    expect(await main(['run', 'net.json', '--image', 'six.png', '--out', 'maps', '--grad', 'label'], bad)).toBe(2);
    expect(bad.err).toMatch(/--grad label needs a class index/);
    const big = await setUp('mnist-cnn');
    expect(await main(['run', 'net.json', '--image', 'six.png', '--out', 'maps', '--grad', 'class=10'], big)).toBe(1);
    expect(big.err).toMatch(/^net\.json: gradient: target\.index must be a class in 0\.\.9, got 10/);
    const maps = await setUp('worked-example');
    expect(await main(['run', 'net.json', '--image', 'six.png', '--out', 'maps', '--grad', 'label=1'], maps)).toBe(1);
    expect(maps.err).toMatch(/needs a classifier .* use "sum" here/);
  });
});
