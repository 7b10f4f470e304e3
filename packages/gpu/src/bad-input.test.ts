import { ConvStudioError, withBackend } from '@convstudio/core';
import { badInputCases } from '@convstudio/core/testing';
import { describe, expect, it } from 'vitest';
import { gpuForTests } from './gpu-setup.fixture.js';

const setup = await gpuForTests();

function refusal(call: () => unknown): ConvStudioError {
  try {
    call();
  } catch (error) {
    if (error instanceof ConvStudioError) return error;
    throw error;
  }
  throw new Error('expected the call to be refused, but it returned');
}

// Validation is core's, before any kernel runs: with the GPU backend active every bad call
// must be refused with exactly the CPU's error, and reach no kernel.
describe.skipIf(!setup.backend)(`bad input with the webgpu backend active${setup.skipReason ? ` (skipped: ${setup.skipReason})` : ''}`, () => {
  for (const c of badInputCases) {
    it(c.label, () => {
      const backend = setup.backend;
      if (!backend) throw new Error('unreachable: suite is skipped without a backend');
      const before = backend.memory().liveBuffers;
      const onCpu = refusal(c.call);
      const onGpu = withBackend(backend, () => refusal(c.call));
      expect({ op: onGpu.op, argument: onGpu.argument }).toEqual({ op: c.op, argument: c.argument });
      expect(onGpu.detail).toContain(c.detail);
      expect(onGpu.message).toBe(onCpu.message);
      expect(backend.memory().liveBuffers).toBe(before);
    });
  }
});
