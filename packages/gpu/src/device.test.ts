import { ConvStudioError, rand, withBackend, relu } from '@convstudio/core';
import { create } from 'webgpu';
import { describe, expect, it } from 'vitest';
import { createGpuBackend, GpuUnavailableError } from './index.js';
import { gpuForTests } from './gpu-setup.fixture.js';

const setup = await gpuForTests();

describe('getting a device', () => {
  it('rejects with a typed, displayable error when there is no WebGPU', async () => {
    const error = await createGpuBackend().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GpuUnavailableError);
    expect((error as GpuUnavailableError).reason).toBe('no-webgpu');
    expect((error as GpuUnavailableError).message).toContain('Staying on the CPU backend');
  });

  it('rejects with reason no-adapter when the GPU offers none', async () => {
    const gpu = { requestAdapter: () => Promise.resolve(null) } as unknown as GPU;
    const error = await createGpuBackend({ gpu }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GpuUnavailableError);
    expect((error as GpuUnavailableError).reason).toBe('no-adapter');
  });

  it.skipIf(!setup.backend)('raises the device-lost event, after which kernels refuse to run', async () => {
    const backend = await createGpuBackend({ gpu: create([]) });
    const lost = new Promise<string>((resolve) => backend.onDeviceLost((info) => resolve(info.reason)));
    backend.destroy();
    expect(await lost).toBe('destroyed');
    expect(backend.isLost).toBe(true);
    let error: unknown;
    try {
      withBackend(backend, () => relu(rand([2, 2])));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConvStudioError);
    expect((error as ConvStudioError).message).toContain('relu: device (webgpu) was lost');
  });
});

describe('the package entry', () => {
  it('imports neither Node modules nor the webgpu package (it must load in a browser worker)', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const files = (await readdir(new URL('.', import.meta.url), { recursive: true })).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.fixture.ts'),
    );
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const source = await readFile(new URL(file, import.meta.url), 'utf8');
      // Statements only: TSDoc examples may show how Node callers import `webgpu`.
      const imports = [...source.matchAll(/^(?:import|export)[^;]*?from '([^']+)'|import\('([^']+)'\)/gms)].map((m) => m[1] ?? m[2]);
      const offending = imports.filter((name) => name === 'webgpu' || name.startsWith('node:') || ['fs', 'path', 'url', 'module'].includes(name));
      expect(offending, file).toEqual([]);
    }
  });
});
