import { conformanceCases } from '@convstudio/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { gpuForTests } from './gpu-setup.fixture.js';

const setup = await gpuForTests();

describe.skipIf(!setup.backend)(`conformance: webgpu backend${setup.skipReason ? ` (skipped: ${setup.skipReason})` : ''}`, () => {
  const backend = setup.backend;
  afterAll(() => backend?.trim());

  it('really runs on a WebGPU adapter, the one asked for', () => {
    expect(backend?.name).toBe('webgpu');
    expect(backend?.isLost).toBe(false);
    const { vendor, description } = backend?.adapter ?? { vendor: '', description: '' };
    expect(`${vendor}${description}`).not.toBe('');
    // CI asks for SwiftShader through VK_ICD_FILENAMES: make sure Dawn did not pick another driver.
    if (/swiftshader/i.test(process.env.VK_ICD_FILENAMES ?? '')) expect(`${vendor} ${description}`).toMatch(/swiftshader|google/i);
  });

  for (const c of conformanceCases()) {
    it(c.name, async () => {
      if (!backend) throw new Error('unreachable: suite is skipped without a backend');
      await c.run(backend);
    });
  }
});
