import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createModel, decodeWeightsSidecar, modelWithWeights, readProject, Tensor } from '@convstudio/core';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { recordingIo, removeTemporaryDirectories, temporaryDirectory } from '../test-io.fixture.js';
import { csvField } from './runs-export.js';

afterAll(removeTemporaryDirectories);

// The document's two digits: each run takes a moment, so the commands are tested end to end in-process.
const spec = {
  format: 'convstudio-sweep',
  version: 1,
  name: 'synthetic kernels',
  base: 'mnist-cnn',
  axes: [{ axis: 'kernelSize', values: [3, 5] }, { axis: 'param', path: 'pool1.params.kernelSize', values: [2, 40] }],
  seeds: [0, 1],
  data: { dataset: 'synthetic' },
  training: { epochs: 2, batchSize: 2 },
  probeSize: 2,
};

describe('convstudio sweep and runs', () => {
  it('runs the valid variants, reports the invalid ones, and lists, shows, compares and exports the runs', async () => {
    const cwd = temporaryDirectory();
    await writeFile(join(cwd, 'spec.json'), JSON.stringify(spec));
    const io = recordingIo({ cwd });
    expect(await main(['sweep', 'spec.json', '--threads', '2'], io)).toBe(0);
    expect(io.err).toMatch(/skipping variant v1 \(kernelSize 3, pool1\.params\.kernelSize 40\): node "pool1" \(maxPool2d\)/);
    expect(io.out).toContain('2 variants x 2 seeds, 4 runs to train');
    expect(io.out).toMatch(/kernelSize 5, pool1\.params\.kernelSize 2 +\d+\.\d\d% ± \d+\.\d\d +2 +54,314 +834,816/);

    const list = recordingIo({ cwd });
    expect(await main(['runs', 'list'], list)).toBe(0);
    expect(list.out.trim().split('\n')).toHaveLength(5);
    expect(list.out).toMatch(/^ +4 +#1 synthetic kerne +kernelSize 5, pool1.params.kernelSize 2 +1 +done +2 /m);

    const show = recordingIo({ cwd });
    expect(await main(['runs', 'show', '1', '--weights', 'w.bin'], show)).toBe(0);
    expect(show.out).toMatch(/indicators after epoch 2 \(probe of 2 validation images\)/);
    expect(show.out).toMatch(/^ {2}fc1 +σmax [\d.]+ +σmin [\d.e-]+ +condition [\d.e+]+ +\|grad\|/m);
    expect(show.out).toMatch(/^ {2}relu3 +dead [\d.]+% +very large [\d.]+%/m);
    // The first-layer review, stored with the run: conv1's 8 filters each in one group.
    expect(show.out).toMatch(/^conv1's 8 filters fall into \d groups? at correlation ≥ 0\.7: (\d filters in \d groups? of look-alikes \(redundant capacity\)|no two filters respond alike)\.$/m);
    const grouped = [...show.out.matchAll(/^ {2}filters? ([\d, ]+?) +(correlation|alone)/gm)].flatMap((m) => m[1].split(', ').map(Number));
    expect(grouped.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const weights = decodeWeightsSidecar(new Uint8Array(await readFile(join(cwd, 'w.bin'))));
    expect([...weights.tensors.keys()]).toEqual(['conv1.weight', 'conv1.bias', 'conv2.weight', 'conv2.bias', 'fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);

    // The run as a project: the variant's pipeline with those weights, which every command reads.
    const asProject = recordingIo({ cwd });
    expect(await main(['runs', 'show', '1', '--project', 'run1.convstudio.json'], asProject)).toBe(0);
    expect(asProject.out).toMatch(/wrote run 1 as a project \(kernelSize 3, pool1\.params\.kernelSize 2, the weights after epoch 2\) to run1\.convstudio\.json/);
    const { project } = await readProject(await readFile(join(cwd, 'run1.convstudio.json'), 'utf8'), { fileName: 'run1.convstudio.json' });
    expect(project.pipeline.seed).toBe(0);
    expect([...project.weights!.tensors.keys()]).toEqual([...weights.tensors.keys()]);
    for (const [name, t] of weights.tensors) expect(project.weights!.tensors.get(name)!.data, name).toEqual(t.data);
    const model = modelWithWeights(project.pipeline, project.weights!, 'run1.convstudio.json');
    const probe = new Tensor(new Float32Array(28 * 28).fill(0.5), [1, 1, 28, 28]);
    expect(model.forward(probe).get(model.outputId)!.data).not.toEqual(createModel(project.pipeline).forward(probe).get(model.outputId)!.data);
    expect(await main(['cost', 'run1.convstudio.json'], recordingIo({ cwd }))).toBe(0);

    const compare = recordingIo({ cwd });
    expect(await main(['runs', 'compare', '1', '3'], compare)).toBe(0);
    expect(compare.out).toMatch(/^MACs +333,056 +834,816$/m);

    const csv = recordingIo({ cwd });
    expect(await main(['runs', 'export', '--out', 'runs.csv'], csv)).toBe(0);
    const rows = (await readFile(join(cwd, 'runs.csv'), 'utf8')).trim().split('\n');
    expect(rows).toHaveLength(1 + 4 * 2);
    expect(rows[1]).toMatch(/^1,1,synthetic kernels,v0,"kernelSize 3, pool1.params.kernelSize 2",0,done,/);
    expect(await main(['runs', 'export', '--out', 'runs.json', '--sweep', '1'], recordingIo({ cwd }))).toBe(0);
    const json = JSON.parse(await readFile(join(cwd, 'runs.json'), 'utf8')) as { runs: { history: unknown[]; indicators: { layers: unknown[] }[] }[] };
    expect(json.runs).toHaveLength(4);
    expect(json.runs[0].history).toHaveLength(2);
    expect(json.runs[0].indicators[1].layers).toHaveLength(4);

    const missing = recordingIo({ cwd });
    expect(await main(['runs', 'show', '99'], missing)).toBe(1);
    expect(missing.err).toContain('no run 99 in the database');
  });

  it('refuses a bad spec with the field named, and an unknown experiment', async () => {
    const cwd = temporaryDirectory();
    await writeFile(join(cwd, 'bad.json'), JSON.stringify({ ...spec, axes: [{ axis: 'stride', values: [0] }] }));
    const io = recordingIo({ cwd });
    expect(await main(['sweep', 'bad.json'], io)).toBe(1);
    expect(io.err).toContain('bad.json: axes.0.values.0:');
    const lab = recordingIo({ cwd });
    expect(await main(['lab', 'colour'], lab)).toBe(2);
    expect(lab.err).toContain('unknown experiment "colour"; experiments: dense-layers, kernel-size, deeper-or-wider, stride, cnn-vs-fcn');
    const fixed = recordingIo({ cwd });
    expect(await main(['lab', 'cnn-vs-fcn', '--dataset', 'mnist'], fixed)).toBe(2);
    expect(fixed.err).toContain('--dataset: cnn-vs-fcn runs on mnist-segmentation only (its claim is about per-pixel labels), got mnist');
  });

  it('runs a built-in experiment, concludes from its numbers and writes a self-contained report', async () => {
    const cwd = temporaryDirectory();
    const io = recordingIo({ cwd });
    expect(await main(['lab', 'stride', '--dataset', 'synthetic', '--epochs', '1', '--seeds', '0', '--report', 'stride.html'], io)).toBe(0);
    expect(io.out).toMatch(/What does stride cost\?\n {2}(Little|Accuracy): stride 2/);
    const html = await readFile(join(cwd, 'stride.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(4);
    expect(html).not.toMatch(/<script|src="http|href="http/);
    // Each variant's first-layer review as a picture: one kernel tile per filter (from the run's
    // stored weights) and its probe images with the regions outlined.
    const reviews = html.split('<div class="filter-review">').slice(1);
    expect(reviews.length).toBeGreaterThanOrEqual(2);
    for (const review of reviews) {
      const filters = Number(review.match(/'s (\d+) filters fall into/)?.[1]);
      expect(filters).toBeGreaterThan(0);
      expect(review.match(/<img class="kernel" src="data:image\/bmp;base64,/g)).toHaveLength(filters);
      expect(review.match(/<span class="peak"><img src="data:image\/bmp;base64,/g)?.length).toBeGreaterThan(0);
      expect(review).not.toContain('were not stored');
    }
  });
});

describe('convstudio lab cnn-vs-fcn', () => {
  it('trains the CNN and the FCN on MNIST masks, scores both per pixel and concludes from mean IoU', async () => {
    const cwd = temporaryDirectory();
    const io = recordingIo({ cwd });
    expect(await main(['lab', 'cnn-vs-fcn', '--epochs', '1', '--limit', '300', '--seeds', '0', '--threads', '2', '--report', 'dense.html'], io)).toBe(0);
    const html = await readFile(join(cwd, 'dense.html'), 'utf8');
    expect(html).toContain('<th>pixel accuracy</th><th>mean IoU</th>');
    expect(io.err).toContain("notice: mnist-segmentation: a whole-image classifier trains on each image's digit; its per-pixel map paints that digit on the ink (post-processing) (variants v0)");
    expect(io.out).toContain('mnist-segmentation: ');
    expect(io.out).toMatch(/^template "cnn" +\d+\.\d\d% +0\.\d{3} +1 /m);
    expect(io.out).toMatch(/^template "fcn" +\d+\.\d\d% +0\.\d{3} +1 /m);
    expect(io.out).toMatch(/CNN vs FCN on dense prediction\n {2}(The FCN|The CNN with post-processing|A tie within noise)/);
    const show = recordingIo({ cwd });
    expect(await main(['runs', 'show', '2'], show)).toBe(0);
    expect(show.out).toMatch(/accuracy \d+\.\d\d% \(per pixel\), mean IoU 0\.\d{3}/);
  });
});

describe('a cancelled sweep', () => {
  it('stops after the running runs, exits 130, and the same command resumes the rest', async () => {
    const cwd = temporaryDirectory();
    await writeFile(join(cwd, 'spec.json'), JSON.stringify({ ...spec, axes: [{ axis: 'kernelSize', values: [3, 5, 7] }], seeds: [0, 1, 2] }));
    const abortController = new AbortController();
    const io = recordingIo({ cwd, abortController });
    const print = io.stdout;
    // Ctrl-C as soon as the first run has finished.
    io.stdout = (text) => {
      print(text);
      if (text.startsWith('run ')) abortController.abort();
    };
    expect(await main(['sweep', 'spec.json', '--threads', '1'], io)).toBe(130);
    expect(io.err).toContain('cancelled; run the same command again to resume sweep #1');
    const done = (io.out.match(/test accuracy/g) ?? []).length;
    expect(done).toBeGreaterThanOrEqual(1);
    expect(done).toBeLessThan(9);

    const again = recordingIo({ cwd });
    expect(await main(['sweep', 'spec.json', '--threads', '2'], again)).toBe(0);
    expect(again.out).toContain(`(#1, resumed)`);
    expect(again.out).toContain(`${9 - done} runs to train, ${done} already done`);
    const list = recordingIo({ cwd });
    await main(['runs', 'list', '--status', 'done'], list);
    expect(list.out.trim().split('\n')).toHaveLength(10);
  });
});

describe('csvField', () => {
  it('quotes commas, quotes and line breaks, and leaves the rest', () => {
    expect([csvField('a,b'), csvField('say "hi"'), csvField('x\ny'), csvField(1.5), csvField(null), csvField(Number.NaN)]).toEqual(['"a,b"', '"say ""hi"""', '"x\ny"', '1.5', '', '']);
  });
});
