/**
 * @convstudio/gpu on a case: operands uploaded once, each call one backend kernel whose output
 * is disposed at once (its buffer goes back to the pool, as in a training loop).
 */
import type { Tensor } from '@convstudio/core';
import type { GpuBackend } from '@convstudio/gpu';

import type { ConvCase, GpuRun } from '../types.ts';

export function oursSetup(backend: GpuBackend) {
  return async (c: ConvCase): Promise<GpuRun> => {
    const x = backend.upload(c.x);
    const w = backend.upload(c.w);
    const dy = backend.upload(c.dy);
    const call = (): Tensor =>
      c.op === 'forward'
        ? backend.conv2d(x, w, undefined, c.info)
        : c.op === 'input grad'
          ? backend.conv2dBackwardInput(dy, w, c.info)
          : backend.conv2dBackwardFilter(x, dy, c.info);
    return {
      run: () => call().dispose(),
      sync: () => backend.device.queue.onSubmittedWorkDone(),
      result: async () => {
        const y = call();
        try {
          return await y.read();
        } finally {
          y.dispose();
        }
      },
      dispose: () => {
        for (const t of [x, w, dy]) t.dispose();
      },
    };
  };
}
