import { decodeImage, encodePng, syntheticSix, templates, tensorToImage } from '@convstudio/core';
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
