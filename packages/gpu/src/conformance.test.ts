import { conformanceCases } from '@convstudio/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { gpuForTests } from './gpu-setup.fixture.js';

const setup = await gpuForTests();

describe.skipIf(!setup.backend)(`conformance: webgpu backend${setup.skipReason ? ` (skipped: ${setup.skipReason})` : ''}`, () => {
  const backend = setup.backend;
  afterAll(() => backend?.trim());

  it('really runs on a WebGPU adapter', () => {
    expect(backend?.name).toBe('webgpu');
    expect(backend?.isLost).toBe(false);
    expect(backend?.device.queue).toBeDefined();
  });

  for (const c of conformanceCases()) {
    it(c.name, async () => {
      if (!backend) throw new Error('unreachable: suite is skipped without a backend');
      await c.run(backend);
    });
  }
});
