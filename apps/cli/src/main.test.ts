import { readProject, templates } from '@convstudio/core';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commands, main } from './main.js';
import { recordingIo, removeTemporaryDirectories } from './test-io.fixture.js';

afterAll(removeTemporaryDirectories);

async function cli(argv: string[], files: Record<string, string> = {}) {
  const io = recordingIo();
  for (const [name, text] of Object.entries(files)) await writeFile(join(io.cwd, name), text);
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err, cwd: io.cwd };
}

/** A user mistake: a non-zero exit and exactly one line on stderr, no stack trace. */
function expectOneLine(result: { code: number; err: string; out: string }, code: number, line: string | RegExp) {
  expect(result.code).toBe(code);
  expect(result.out).toBe('');
  const lines = result.err.trimEnd().split('\n');
  expect(lines, result.err).toHaveLength(1);
  expect(lines[0]).toMatch(typeof line === 'string' ? new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : line);
  expect(result.err).not.toMatch(/\n\s+at /);
}

const pipeline = (nodes: unknown[], edges: unknown[]) => JSON.stringify({ format: 'convstudio-pipeline', version: 1, nodes, edges });
const input = { id: 'input', kind: 'input', params: { channels: 1, height: 28, width: 28 } };

describe('help and version', () => {
  it('prints the version of package.json', async () => {
    const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
    for (const flag of ['--version', '-v']) expect(await cli([flag])).toEqual(expect.objectContaining({ code: 0, out: `${manifest.version}\n` }));
  });

  it('lists every command, and shows each one\'s help', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    for (const c of commands) expect(top.out).toContain(`  ${c.name}`);
    expect((await cli([])).out).toBe(top.out);
    for (const c of commands) {
      const help = await cli([c.name, '--help']);
      expect(help.code).toBe(0);
      expect(help.out).toMatch(new RegExp(`^Usage:\\n  convstudio ${c.name}`));
      expect((await cli(['help', c.name])).out).toBe(help.out);
    }
  });
});

describe('usage errors: one line, exit 2', () => {
  it('names an unknown command or option', async () => {
    expectOneLine(await cli(['frobnicate']), 2, /^convstudio: unknown command "frobnicate"; commands: template, run, cost, receptive, train, diagnose, sweep, runs, lab, example, import, export \(see convstudio --help\)$/);
    expectOneLine(await cli(['cost', 'net.json', '--fast']), 2, 'convstudio cost: unknown option --fast (see convstudio cost --help)');
    expectOneLine(await cli(['--fast']), 2, /^convstudio: unknown option --fast; commands: /);
  });

  it('names a missing value, argument or option', async () => {
    expectOneLine(await cli(['run', 'net.json', '--image']), 2, 'convstudio run: option --image needs a value (see convstudio run --help)');
    expectOneLine(await cli(['cost']), 2, 'convstudio cost: missing pipeline file (see convstudio cost --help)');
    expectOneLine(await cli(['cost', 'a.json', 'b.json']), 2, /^convstudio cost: expected one pipeline file, got 2 arguments: a\.json b\.json/);
    expectOneLine(await cli(['run', 'net.json', '--out', 'maps']), 2, /^convstudio run: missing --image <in\.png>/);
    expectOneLine(await cli(['train', 'net.json', '--out', 'w.json']), 2, /^convstudio train: missing --dataset <mnist\|six-vs-nine\|synthetic\|fashion-mnist\|mnist-segmentation\|photo-patches>/);
    expectOneLine(await cli(['example', 'seed']), 2, /^convstudio example: missing --out <figure\.png>/);
  });

  it('checks numbers and choices before reading any file', async () => {
    const train = ['train', 'missing.json', '--dataset', 'synthetic', '--out', 'w.json'];
    expectOneLine(await cli([...train, '--epochs', 'abc']), 2, 'convstudio train: --epochs must be a positive integer, got abc (see convstudio train --help)');
    expectOneLine(await cli([...train, '--epochs', '1.5']), 2, /--epochs must be a positive integer, got 1\.5/);
    expectOneLine(await cli([...train, '--lr=-1']), 2, /--lr must be a number greater than 0 and at most 10, got -1/);
    expectOneLine(await cli([...train, '--lr', '-1']), 2, /^convstudio train: option --lr got a value starting with "-"; write it as --lr=<value>/);
    expectOneLine(await cli([...train, '--momentum=-0.5']), 2, /--momentum must be a number at least 0 and at most 1, got -0\.5/);
    expectOneLine(await cli([...train, '--optimizer', 'rmsprop']), 2, /--optimizer must be one of adam, sgd, got rmsprop/);
    expectOneLine(await cli(['train', 'missing.json', '--dataset', 'cifar', '--out', 'w.json']), 2, /--dataset must be one of mnist, six-vs-nine, synthetic, fashion-mnist, mnist-segmentation, photo-patches, got cifar/);
    expectOneLine(await cli(['template', 'resnet']), 2, /^convstudio template: unknown template "resnet"; one of: worked-example, /);
  });
});

describe('file errors: one line per problem naming file, node and field, exit 1', () => {
  it('says when a file is missing', async () => {
    expectOneLine(await cli(['cost', 'net.json']), 1, 'cannot read net.json: no such file');
  });

  it('names the line of a JSON syntax error', async () => {
    expectOneLine(await cli(['cost', 'net.json'], { 'net.json': '{\n  "format": "convstudio-pipeline",\n  "version": 1,,\n}' }), 1, /^net\.json: not valid JSON: .* at line 3, column 16$/);
  });

  it('prefixes pipeline issues with the file, node and field', async () => {
    const conv = { id: 'conv1', kind: 'conv2d', params: { outChannels: 4, kernelSize: 3, stride: 0 } };
    const result = await cli(['cost', 'net.json'], { 'net.json': pipeline([input, conv], [{ source: 'input', target: 'conv1' }]) });
    expectOneLine(result, 1, /^net\.json: node "conv1" \(conv2d\): params\.stride: .*got 0$/);
  });

  it('names the node whose shapes do not fit', async () => {
    const conv = { id: 'big', kind: 'conv2d', params: { outChannels: 4, kernelSize: 31 } };
    const result = await cli(['cost', 'net.json'], { 'net.json': pipeline([input, conv], [{ source: 'input', target: 'big' }]) });
    expectOneLine(result, 1, /^net\.json: node "big" \(conv2d\): params\.kernelSize: /);
  });

  it('names the input node when a dataset does not fit it', async () => {
    // RGB photo patches cannot feed LeNet-5's one channel (only grayscale is replicated, never the reverse).
    const network = JSON.stringify(templates.find((t) => t.id === 'lenet5')?.build());
    const result = await cli(['diagnose', 'net.json', '--dataset', 'photo-patches'], { 'net.json': network });
    expectOneLine(result, 1, 'net.json: node "input" (input): params.channels: the photo-patches dataset has 3-channel images, this input takes 1 channels (grayscale images can feed 3 channels; other counts must match)');
  });

  it('prints one line for each of several problems', async () => {
    const result = await cli(['cost', 'net.json'], { 'net.json': JSON.stringify({ format: 'convstudio-pipeline', version: 1, nodes: [], edges: [], extra: 1 }) });
    expect(result.code).toBe(1);
    const lines = result.err.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(/^net\.json: /);
  });
});

describe('template and cost', () => {
  it('lists the templates and writes one that parses', async () => {
    const list = await cli(['template', 'list']);
    expect(list.code).toBe(0);
    expect(list.out.trimEnd().split('\n')).toHaveLength(templates.length);
    const result = await cli(['template', 'mnist-cnn', '--out', 'net.convstudio.json']);
    expect(result).toMatchObject({ code: 0, err: '', out: 'wrote MNIST CNN to net.convstudio.json\n' });
    const text = await readFile(join(result.cwd, 'net.convstudio.json'), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ format: 'convstudio-project', version: 2, projectId: 'mnist-cnn', title: 'MNIST CNN' });
    const { project, migratedFrom } = await readProject(text, { fileName: 'net.convstudio.json' });
    expect(migratedFrom).toBeUndefined();
    expect(project.pipeline).toEqual(templates.find((t) => t.id === 'mnist-cnn')?.build());
  });

  it('prints the cost table as text or JSON', async () => {
    const network = JSON.stringify(templates.find((t) => t.id === 'lenet5')?.build());
    const text = await cli(['cost', 'net.json'], { 'net.json': network });
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^node +kind +output +weights/);
    expect(text.out).toMatch(/\ntotal .* 61,706 /);
    const json = await cli(['cost', 'net.json', '--json'], { 'net.json': network });
    expect(JSON.parse(json.out).totals.params).toBe(61_706);
  });
});

describe('output files: one line, never an internal error or a hang', () => {
  it('refuses --out under a regular file with exit 1, naming the file in the way', async () => {
    const result = await cli(['template', 'mnist-cnn', '--out', 'notes.txt/net.json'], { 'notes.txt': 'x' });
    expectOneLine(result, 1, 'cannot write notes.txt/net.json: notes.txt is a file, not a directory');
  });

  it('refuses to overwrite the pipeline with the weights, before training, and leaves it alone', async () => {
    const network = JSON.stringify(templates.find((t) => t.id === 'mnist-cnn')?.build());
    const result = await cli(['train', 'net.json', '--dataset', 'synthetic', '--epochs', '1', '--out', './net.json'], { 'net.json': network });
    expectOneLine(result, 2, 'convstudio train: --out ./net.json would overwrite the pipeline file net.json; write it to another file (see convstudio train --help)');
    expect(await readFile(join(result.cwd, 'net.json'), 'utf8')).toBe(network);
  });

  it('refuses run outputs that would overwrite one of its inputs', async () => {
    const network = pipeline([{ ...input, params: { channels: 1, height: 4, width: 4 } }, { id: 'r', kind: 'relu', params: {} }], [{ source: 'input', target: 'r' }]);
    const result = await cli(['run', 'summary.json', '--image', 'x.png', '--out', '.'], { 'summary.json': network, 'x.png': 'not read' });
    expectOneLine(result, 2, /^convstudio run: --out summary\.json would overwrite the pipeline file summary\.json; /);
  });
});

describe('node ids that are Object.prototype names', () => {
  it('trains and saves the weights of a node called __proto__', async () => {
    const network = pipeline(
      [input, { id: 'flat', kind: 'flatten', params: {} }, { id: '__proto__', kind: 'linear', params: { outFeatures: 2 } }],
      [{ source: 'input', target: 'flat' }, { source: 'flat', target: '__proto__' }],
    );
    const result = await cli(['train', 'net.json', '--dataset', 'synthetic', '--epochs', '1', '--out', 'w.json'], { 'net.json': network });
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const { project } = await readProject(await readFile(join(result.cwd, 'w.json'), 'utf8'), { fileName: 'w.json', readBeside: async (name) => readFile(join(result.cwd, name)) });
    expect([...project.weights!.tensors.keys()].sort()).toEqual(['__proto__.bias', '__proto__.weight']);
    expect(project.weights!.tensors.get('__proto__.weight')?.shape).toEqual([2, 784]);
  });
});
