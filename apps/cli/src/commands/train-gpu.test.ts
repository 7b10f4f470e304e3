import { readProject, templates } from '@convstudio/core';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import process from 'node:process';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { openGpu, type WebGpuModule } from '../gpu-backend.js';
import { main } from '../main.js';
import { recordingIo, removeTemporaryDirectories, type RecordingIo } from '../test-io.fixture.js';

afterAll(removeTemporaryDirectories);

/** Any non-empty CI other than 0 or false: the rule packages/gpu's tests follow (gpu-setup.fixture.ts). */
const isCi = () => !['', '0', 'false'].includes((process.env.CI ?? '').trim().toLowerCase());

// The adapter decides before the suite is collected: without one the GPU comparison is skipped
// with the reason printed, except in CI, which has SwiftShader (vitest.config.ts) and must not skip.
const skipReason = await openGpu().then(
  (gpu) => {
    gpu.backend.destroy();
    return undefined;
  },
  (error: unknown) => {
    if (!(error instanceof UserError)) throw error;
    if (isCi()) throw new Error(`CI needs a WebGPU adapter for convstudio train --backend gpu: ${error.message}`);
    console.warn(`SKIPPED convstudio train --backend gpu: ${error.message}`);
    return error.message;
  },
);

type Meta = {
  backend: { kind: string; adapter?: string };
  history: { trainLoss: number; trainAccuracy: number; validationLoss: number; validationAccuracy: number }[];
  test: { loss: number; accuracy: number; images: number };
};

async function trainWith(backend: string): Promise<{ io: RecordingIo; code: number; meta: Meta }> {
  const io = recordingIo();
  await writeFile(join(io.cwd, 'net.json'), JSON.stringify(templates.find((t) => t.id === 'mnist-cnn')?.build()));
  const code = await main(['train', 'net.json', '--dataset', 'mnist', '--limit', '400', '--epochs', '1', '--lr', '0.002', '--out', 'w.json', '--backend', backend], io);
  const readBeside = async (file: string) => new Uint8Array(await readFile(join(io.cwd, file)));
  const { project } = await readProject(await readBeside('w.json'), { fileName: 'w.json', readBeside });
  return { io, code, meta: project.weights?.meta as Meta };
}

describe('convstudio train --backend', () => {
  it('rejects an unknown backend by name, before any work', async () => {
    const io = recordingIo();
    expect(await main(['train', 'net.json', '--dataset', 'synthetic', '--out', 'w.json', '--backend', 'tpu'], io)).toBe(2);
    expect(io.err).toBe('convstudio train: --backend must be one of cpu, gpu, got tpu (see convstudio train --help)\n');
  });

  it('without the webgpu package says so, naming --backend gpu and the way out', async () => {
    const missing = Object.assign(new Error("Cannot find package 'webgpu' imported from gpu-backend.ts"), { code: 'ERR_MODULE_NOT_FOUND' });
    const error = await openGpu({ importWebgpu: () => Promise.reject(missing) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).lines).toEqual([
      "--backend gpu needs the `webgpu` package (Dawn for Node), which could not be loaded: Cannot find package 'webgpu' imported from gpu-backend.ts",
      'install it beside the CLI (npm install webgpu), or train with --backend cpu',
    ]);
  });

  it('without an adapter says what is missing: a Vulkan driver, or SwiftShader through VK_ICD_FILENAMES', async () => {
    const noAdapter: WebGpuModule = { create: () => ({ requestAdapter: async () => null }) as unknown as ReturnType<WebGpuModule['create']> };
    const error = await openGpu({ importWebgpu: async () => noAdapter }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    const [first, second] = (error as UserError).lines;
    expect(first).toMatch(/^--backend gpu: no WebGPU adapter( \(VK_ICD_FILENAMES=[^)]*\))?: WebGPU found no adapter: the GPU may be blocklisted or its driver missing\.$/);
    expect(second).toBe("install a Vulkan driver for your GPU, or set VK_ICD_FILENAMES to SwiftShader's ICD (e.g. /usr/lib/chromium/vk_swiftshader_icd.json) to run WebGPU on the CPU; or train with --backend cpu");
  });
});

describe.skipIf(skipReason !== undefined)(`convstudio train --backend gpu on WebGPU${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('trains the MNIST CNN on 400 digits to the CPU run\'s losses and accuracies, and says which adapter trained', async () => {
    const cpu = await trainWith('cpu');
    const gpu = await trainWith('gpu');
    expect(cpu.io.err).toBe('');
    expect([cpu.code, gpu.code, gpu.io.err]).toEqual([0, 0, '']);
    const adapter = /^on WebGPU: (.+?)( \(a software adapter: same results, CPU speed\))?$/m.exec(gpu.io.out)?.[1];
    expect(adapter, gpu.io.out).toBeTruthy();
    expect(cpu.io.out).not.toContain('on WebGPU');
    expect(gpu.meta.backend).toEqual({ kind: 'webgpu', adapter });
    expect(cpu.meta.backend).toEqual({ kind: 'cpu' });

    // Tolerance: float32 sums in another order over 11 Adam steps (packages/gpu's MNIST test
    // holds 1e-3 per step over 20); accuracies may differ by one image whose top two logits tie
    // within rounding.
    const near = (what: string, got: number, want: number) => expect(Math.abs(got - want), `${what}: gpu ${got}, cpu ${want}`).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(want)));
    const sameCount = (what: string, got: number, want: number, images: number) => expect(Math.abs(got - want) * images, `${what}: gpu ${got}, cpu ${want}`).toBeLessThanOrEqual(1 + 1e-9);
    const [c, g] = [cpu.meta.history[0], gpu.meta.history[0]];
    near('train loss', g.trainLoss, c.trainLoss);
    near('validation loss', g.validationLoss, c.validationLoss);
    near('test loss', gpu.meta.test.loss, cpu.meta.test.loss);
    const trainImages = Number(/: (\d+) train, (\d+) validation/.exec(cpu.io.out)?.[1]);
    const validationImages = Number(/: (\d+) train, (\d+) validation/.exec(cpu.io.out)?.[2]);
    sameCount('train accuracy', g.trainAccuracy, c.trainAccuracy, trainImages);
    sameCount('validation accuracy', g.validationAccuracy, c.validationAccuracy, validationImages);
    sameCount('test accuracy', gpu.meta.test.accuracy, cpu.meta.test.accuracy, cpu.meta.test.images);
    // Really two backends: float sums in another order never give every value to the last bit.
    expect([g.trainLoss, g.validationLoss, gpu.meta.test.loss]).not.toEqual([c.trainLoss, c.validationLoss, cpu.meta.test.loss]);
    // It learned something in one short epoch (chance is 10%), so equal numbers are not two failures.
    expect(cpu.meta.test.accuracy).toBeGreaterThan(0.3);
    console.info(`train --backend gpu on ${adapter}: test loss ${gpu.meta.test.loss.toFixed(5)} (cpu ${cpu.meta.test.loss.toFixed(5)}), accuracy ${gpu.meta.test.accuracy} (cpu ${cpu.meta.test.accuracy})`);
  });
});
