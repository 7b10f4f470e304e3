import { createModel, modelWithWeights, readProject, readWeightsFile, templates, type Project } from '@convstudio/core';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { recordingIo, removeTemporaryDirectories, type RecordingIo } from '../test-io.fixture.js';

afterAll(removeTemporaryDirectories);

const mnistCnn = () => templates.find((t) => t.id === 'mnist-cnn')?.build();

async function setUp(io: RecordingIo = recordingIo()) {
  await writeFile(join(io.cwd, 'net.json'), JSON.stringify(mnistCnn()));
  return io;
}

type TrainingMeta = { epoch: number; history: { epoch: number; trainLoss: number }[]; cancelled: boolean; complete: boolean; test?: { accuracy: number } };

/** The project train wrote, read with core's one reader (the studio's), with its sidecar from the same folder. */
async function weightsFile(io: RecordingIo, name = 'w.json'): Promise<{ meta: TrainingMeta; project: Project }> {
  const readBeside = async (file: string) => new Uint8Array(await readFile(join(io.cwd, file)));
  const { project } = await readProject(await readBeside(name), { fileName: name, readBeside });
  return { meta: project.weights!.meta as TrainingMeta, project };
}

describe('convstudio train', () => {
  it('trains on the synthetic 6 and 9 and writes a project with its weights that the studio reader opens', async () => {
    const io = await setUp();
    const code = await main(['train', 'net.json', '--dataset', 'synthetic', '--epochs', '2', '--out', 'w.json', '--lr', '0.01'], io);
    expect(io.err).toBe('');
    expect(code).toBe(0);
    const lines = io.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^training MNIST CNN on synthetic: 2 train, 0 validation, 2 test images \(the same two\), 2 classes; adam lr 0\.01, batch 32, 2 epochs$/);
    expect(lines[1]).toMatch(/^epoch 1\/2 {2}train loss \d\.\d{4} acc \d+\.\d\d% {2}\d+\.\d s$/);
    expect(lines[2]).toMatch(/^epoch 2\/2 /);
    expect(lines[3]).toMatch(/^test loss \d\.\d{4}, accuracy \d+\.\d\d% on 2 images \(the training images\); trained in \d+:\d\d$/);
    expect(lines[4]).toBe('saved the trained project to w.json');

    const file = await weightsFile(io);
    expect(file.meta).toMatchObject({ epoch: 2, cancelled: false, complete: true });
    expect(file.meta.history).toHaveLength(2);
    const model = createModel(mnistCnn());
    const trained = modelWithWeights(file.project.pipeline, file.project.weights, 'w.json');
    expect([...trained.parameters.keys()]).toEqual(['conv1', 'conv2', 'fc1', 'fc2']);
    // Trained: not the initialisation any more.
    expect(trained.parameters.get('fc2')?.weight?.data).not.toEqual(model.parameters.get('fc2')?.weight?.data);
    expect(await readdir(io.cwd)).toEqual(expect.arrayContaining(['net.json', 'w.json']));
    // One weights file beside the project: the epochs' earlier checkpoints are gone.
    expect((await readdir(io.cwd)).filter((f) => f.startsWith('w.json.weights-'))).toHaveLength(JSON.parse(await readFile(join(io.cwd, 'w.json'), 'utf8')).weights.storage === 'sidecar' ? 1 : 0);
    expect((await readdir(io.cwd)).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // diagnose reads the history from the weights file.
    const report = recordingIo({ cwd: io.cwd });
    expect(await main(['diagnose', 'net.json', '--weights', 'w.json', '--dataset', 'synthetic'], report)).toBe(0);
    expect(report.out).toMatch(/^Saturation report \(batch of 2\)/);
    expect(report.out).toContain('Plateaus:\n  training loss: ');
    const json = recordingIo({ cwd: io.cwd });
    expect(await main(['diagnose', 'net.json', '--weights', 'w.json', '--dataset', 'synthetic', '--json'], json)).toBe(0);
    const parsed = JSON.parse(json.out);
    expect(parsed).toMatchObject({ batchSize: 2, weights: 'w.json' });
    expect(Array.isArray(parsed.spectra[0].report.singularValues)).toBe(true);
  });

  it('on Ctrl-C stops between batches, saves a checkpoint marked cancelled and exits 130', async () => {
    const controller = new AbortController();
    const io = recordingIo({ abortController: controller });
    const record = io.stdout;
    // Ctrl-C as soon as the first epoch is reported: training stops before epoch 2's first batch.
    io.stdout = (text) => {
      record(text);
      if (text.startsWith('epoch 1/')) controller.abort();
    };
    await setUp(io);
    const code = await main(['train', 'net.json', '--dataset', 'synthetic', '--epochs', '5', '--out', 'ckpt.json'], io);
    expect(code).toBe(130);
    expect(io.err).toBe('cancelled after epoch 1; checkpoint with 1 completed epoch(s) saved to ckpt.json\n');
    const file = await weightsFile(io, 'ckpt.json');
    expect(file.meta).toMatchObject({ epoch: 1, cancelled: true, complete: false });
    expect(file.meta.history).toHaveLength(1);
    expect(() => modelWithWeights(file.project.pipeline, file.project.weights, 'ckpt.json')).not.toThrow();
    expect(await readWeightsFile(await readFile(join(io.cwd, 'ckpt.json')), { fileName: 'ckpt.json', readBeside: async (f) => readFile(join(io.cwd, f)) })).toMatchObject({ meta: { cancelled: true } });
  });

  it('refuses a pipeline whose input or output does not fit the dataset, naming node and field', async () => {
    const io = recordingIo();
    const network = mnistCnn();
    const fc2 = network?.nodes.find((n) => n.id === 'fc2');
    if (fc2?.kind === 'linear') fc2.params.outFeatures = 1;
    await writeFile(join(io.cwd, 'net.json'), JSON.stringify(network));
    expect(await main(['train', 'net.json', '--dataset', 'synthetic', '--out', 'w.json'], io)).toBe(1);
    expect(io.err).toBe('net.json: node "fc2" (linear): params.outFeatures: the synthetic dataset has 2 classes, this node outputs 1 scores\n');

    const worked = recordingIo({ cwd: io.cwd });
    await writeFile(join(io.cwd, 'example.json'), JSON.stringify(templates.find((t) => t.id === 'worked-example')?.build()));
    expect(await main(['train', 'example.json', '--dataset', 'synthetic', '--out', 'w.json'], worked)).toBe(1);
    expect(worked.err).toMatch(/^example\.json: node "pool1" \(maxPool2d\): output: training on synthetic needs one score per class/);
  });

  it('refuses weights saved for another pipeline, naming the weights file', async () => {
    const io = await setUp();
    await writeFile(join(io.cwd, 'other.json'), JSON.stringify(templates.find((t) => t.id === 'lenet5')?.build()));
    expect(await main(['train', 'net.json', '--dataset', 'synthetic', '--epochs', '1', '--out', 'w.json'], io)).toBe(0);
    const second = recordingIo({ cwd: io.cwd });
    expect(await main(['diagnose', 'other.json', '--weights', 'w.json', '--dataset', 'synthetic'], second)).toBe(1);
    expect(second.err).toMatch(/^w\.json: weights\.pipelineHash: these weights were saved for another pipeline/);
    expect(second.err.trimEnd().split('\n')).toHaveLength(1);
  });

  it('--resume continues from saved weights: the history grows and the epochs are numbered on', async () => {
    const io = await setUp();
    const args = ['train', 'net.json', '--dataset', 'synthetic', '--epochs', '1', '--lr', '0.01'];
    expect(await main([...args, '--out', 'w.json'], io)).toBe(0);
    const fresh = await weightsFile(io);
    const resumed = recordingIo({ cwd: io.cwd });
    expect(await main([...args, '--resume', 'w.json', '--out', 'w.json'], resumed)).toBe(0);
    expect(resumed.err).toBe('');
    const lines = resumed.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/, 1 epoch; resuming w\.json after 1 epoch$/);
    expect(lines[1]).toMatch(/^epoch 2\/2 {2}train loss /);
    const file = await weightsFile(io);
    expect(file.meta).toMatchObject({ epoch: 2, complete: true, resumedFrom: 'w.json' });
    expect(file.meta.history.map((m) => m.epoch)).toEqual([1, 2]);
    expect(file.meta.history[0]).toEqual(fresh.meta.history[0]);
    // Started from the trained weights, not the initialisation: its first epoch's loss is lower.
    expect(file.meta.history[1].trainLoss).toBeLessThan(fresh.meta.history[0].trainLoss);
  });

  it('--resume refuses weights of another pipeline in one line naming both files', async () => {
    const io = await setUp();
    // The same network with a narrower hidden layer: another pipeline that also fits the dataset.
    const other = mnistCnn();
    const fc1 = other?.nodes.find((n) => n.id === 'fc1');
    if (fc1?.kind === 'linear') fc1.params.outFeatures = 32;
    await writeFile(join(io.cwd, 'other.json'), JSON.stringify(other));
    expect(await main(['train', 'other.json', '--dataset', 'synthetic', '--epochs', '1', '--out', 'other-w.json'], io)).toBe(0);
    const second = recordingIo({ cwd: io.cwd });
    expect(await main(['train', 'net.json', '--dataset', 'synthetic', '--resume', 'other-w.json', '--out', 'w.json'], second)).toBe(1);
    expect(second.out).toBe('');
    expect(second.err).toMatch(/^other-w\.json: weights\.pipelineHash: these weights were saved for another pipeline than net\.json \(hash \w+, net\.json has \w+\); its layers or their parameters differ\n$/);
    expect(await readdir(io.cwd)).not.toContain('w.json');
  });
});
