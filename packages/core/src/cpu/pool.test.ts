import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../backend.js';
import { getBackend, setBackend, withBackend } from '../backend-registry.js';
import { wasmKernels, wasmKernelsReady } from '../wasm/load.js';
import { createCpuBackend } from './index.js';
import { ConvStudioError } from '../errors.js';
import type { Pool2dOptions } from '../pool-info.js';
import {
  avgPool2d,
  avgPool2dBackward,
  globalAvgPool2d,
  globalAvgPool2dBackward,
  maxPool2d,
  maxPool2dBackward,
} from '../ops/pool.js';
import { type Tensor, ones, rand, tensor, zeros } from '../tensor.js';

/** Checks shape and values; float32 results of small sums are compared to 1e-6. */
function expectValues(actual: Tensor, shape: number[], expected: number[]): void {
  expect(actual.shape).toEqual(shape);
  const got = Array.from(actual.data);
  expect(got.length).toBe(expected.length);
  got.forEach((value, i) => {
    if (Number.isNaN(expected[i]) || !Number.isFinite(expected[i])) expect(value, `index ${i}`).toBe(expected[i]);
    else expect(value, `index ${i}`).toBeCloseTo(expected[i], 6);
  });
}

/** 1..n in an [1, 1, H, W] image: hand-computed windows stay easy to read. */
function counting(height: number, width: number): Tensor {
  return tensor(Array.from({ length: height * width }, (_, i) => i + 1), [1, 1, height, width]);
}

beforeAll(() => {
  // These tests claim to exercise the CPU kernels: make sure the ops really dispatch there.
  expect(getBackend().name).toBe('cpu');
});

/**
 * Max pooling has two kernels: cpu/pool.ts and WebAssembly's (wasm/pool-wasm.ts), which the
 * default backend prefers once loaded. Each case below runs on both, forced, so neither hides
 * behind the other.
 */
const maxPoolKernels: { label: string; backend: Backend }[] = [
  { label: 'TypeScript kernels', backend: createCpuBackend({ kernels: 'js' }) },
  { label: 'WebAssembly kernels', backend: createCpuBackend({ kernels: 'wasm', threads: 1 }) },
];

/** Makes `backend` the one the ops dispatch to for the enclosing describe. */
function useBackend(backend: Backend): void {
  let previous: Backend | undefined;
  beforeAll(async () => {
    if (backend.name.includes('-wasm')) {
      expect(await wasmKernelsReady()).toBe(true);
      expect(wasmKernels()).toBeDefined();
    }
    previous = setBackend(backend);
  });
  afterAll(() => {
    if (previous) setBackend(previous);
  });
}

for (const { label, backend } of maxPoolKernels) {
  describe(`maxPool2d (cpu, ${label})`, () => {
    useBackend(backend);

    it('runs on the backend asked for', () => {
      expect(getBackend()).toBe(backend);
      expect(backend.name).toMatch(label.startsWith('TypeScript') ? /^cpu-js$/ : /^cpu-wasm-1thread$/);
    });

    it('takes the maximum of each window', () => {
      expectValues(maxPool2d(counting(4, 4), { kernelSize: 2 }), [1, 1, 2, 2], [6, 8, 14, 16]);
    });

    it('treats padding as -Infinity, not zero', () => {
      const x = tensor([-1, -2, -3, -4], [1, 1, 2, 2]);
      expectValues(maxPool2d(x, { kernelSize: 2, padding: 1 }), [1, 1, 2, 2], [-1, -2, -3, -4]);
    });

    it('reads nothing below the last row: bottom padding does not reach into the next plane', () => {
      // The second window row of each plane covers row 1 and the padded row 2, which in memory is
      // where the next plane (the larger values) starts; the maxima and gradients stay in their plane.
      const x = tensor([-1, -2, -3, -4, 10, 20, 30, 40], [1, 2, 2, 2]);
      expectValues(maxPool2d(x, { kernelSize: 2, padding: 1 }), [1, 2, 2, 2], [-1, -2, -3, -4, 10, 20, 30, 40]);
      expectValues(maxPool2dBackward(ones([1, 2, 2, 2]), x, { kernelSize: 2, padding: 1 }), [1, 2, 2, 2], [1, 1, 1, 1, 1, 1, 1, 1]);
    });

    it('spaces the taps by the dilation', () => {
      // Taps (0,0), (0,2), (2,0), (2,2): the 50s and 100 between them are never read.
      const x = tensor([1, 50, 2, 50, 100, 50, 6, 50, 0], [1, 1, 3, 3]);
      expectValues(maxPool2d(x, { kernelSize: 2, dilation: 2 }), [1, 1, 1, 1], [6]);
      const dx = maxPool2dBackward(ones([1, 1, 1, 1]), x, { kernelSize: 2, dilation: 2 });
      expectValues(dx, [1, 1, 3, 3], [0, 0, 0, 0, 0, 0, 1, 0, 0]);
      // Along a row: windows {0,2}, {1,3}, {2,4}.
      const row = tensor([5, 1, 2, 9, 0], [1, 1, 1, 5]);
      expectValues(maxPool2d(row, { kernelSize: [1, 2], stride: 1, dilation: [1, 2] }), [1, 1, 1, 3], [5, 9, 2]);
    });

    it('propagates NaN like PyTorch', () => {
      const x = tensor([1, NaN, 3, 2, 4, 5, 6, 7], [1, 2, 2, 2]);
      expectValues(maxPool2d(x, { kernelSize: 2 }), [1, 2, 1, 1], [NaN, 7]);
    });

    it('keeps a last partial window in ceil mode', () => {
      // Windows start at 0, 2, 4; the last one holds only the 5.
      expectValues(maxPool2d(counting(1, 5), { kernelSize: [1, 2], ceilMode: true }), [1, 1, 1, 3], [2, 4, 5]);
      expect(maxPool2d(counting(1, 5), { kernelSize: [1, 2] }).shape).toEqual([1, 1, 1, 2]);
    });

    it('drops a ceil-mode window that would start in the right padding (PyTorch)', () => {
      // Input 5, kernel 2, stride 2, padding 1: ceil((5 + 2 - 2) / 2) + 1 = 4, but window 4 starts at 5 = in the padding.
      const options: Pool2dOptions = { kernelSize: [1, 2], padding: [0, 1], ceilMode: true };
      expectValues(maxPool2d(counting(1, 5), options), [1, 1, 1, 3], [1, 3, 5]);
      expect(maxPool2d(zeros([2, 3, 5, 5]), { kernelSize: 2, padding: 1, ceilMode: true }).shape).toEqual([2, 3, 3, 3]);
    });
  });

  describe(`maxPool2dBackward (cpu, ${label})`, () => {
    useBackend(backend);

    it('sends a tied window gradient to the top-left (first) maximum only', () => {
      const dx = maxPool2dBackward(tensor([3], [1, 1, 1, 1]), full2x2(7), { kernelSize: 2 });
      expectValues(dx, [1, 1, 2, 2], [3, 0, 0, 0]);
    });

    it('picks the first maximum in row-major order when the top-left is smaller', () => {
      const x = tensor([0, 5, 5, 5], [1, 1, 2, 2]);
      expectValues(maxPool2dBackward(ones([1, 1, 1, 1]), x, { kernelSize: 2 }), [1, 1, 2, 2], [0, 1, 0, 0]);
    });

    it('accumulates where overlapping windows share their maximum', () => {
      const x = tensor([1, 3, 2], [1, 1, 1, 3]);
      const dy = tensor([10, 20], [1, 1, 1, 2]);
      expectValues(maxPool2dBackward(dy, x, { kernelSize: [1, 2], stride: 1 }), [1, 1, 1, 3], [0, 30, 0]);
    });

    it('sends the gradient of an all -Infinity window to its first tap', () => {
      const x = tensor([-Infinity, -Infinity, -Infinity, -Infinity], [1, 1, 2, 2]);
      expectValues(maxPool2d(x, { kernelSize: 2 }), [1, 1, 1, 1], [-Infinity]);
      expectValues(maxPool2dBackward(tensor([4], [1, 1, 1, 1]), x, { kernelSize: 2 }), [1, 1, 2, 2], [4, 0, 0, 0]);
    });

    it('gives a window of padding only -Infinity and no gradient, leaving the other planes alone', () => {
      // Width 2, kernel 2 dilated by 3, padding 1: the one window's taps are columns -1 and 2.
      const options: Pool2dOptions = { kernelSize: [1, 2], dilation: [1, 3], padding: [0, 1] };
      const x = tensor([1, 2, 3, 4], [1, 2, 1, 2]);
      expectValues(maxPool2d(x, options), [1, 2, 1, 1], [-Infinity, -Infinity]);
      expectValues(maxPool2dBackward(tensor([5, 6], [1, 2, 1, 1]), x, options), [1, 2, 1, 2], [0, 0, 0, 0]);
    });

    it('sends the gradient to a NaN, the maximum PyTorch picks', () => {
      const x = tensor([1, NaN, 3, 2, 4, 5, 6, 7], [1, 2, 2, 2]);
      expectValues(maxPool2dBackward(tensor([2, 3], [1, 2, 1, 1]), x, { kernelSize: 2 }), [1, 2, 2, 2], [0, 2, 0, 0, 0, 0, 0, 3]);
    });
  });
}

function full2x2(value: number): Tensor {
  return tensor([value, value, value, value], [1, 1, 2, 2]);
}

describe('avgPool2d (cpu)', () => {
  it('divides by the full window at a padded corner by default, by the real count otherwise', () => {
    // 3x3 of 1..9, kernel 3, stride 1, padding 1: the corner window holds 1+2+4+5 = 12 over 4 real
    // inputs of 9, the top edge 1+...+6 = 21 over 6, the centre 45 over 9.
    const x = counting(3, 3);
    const included = avgPool2d(x, { kernelSize: 3, stride: 1, padding: 1 });
    expect(included.get(0, 0, 0, 0)).toBeCloseTo(12 / 9, 6);
    expect(included.get(0, 0, 0, 1)).toBeCloseTo(21 / 9, 6);
    expect(included.get(0, 0, 1, 1)).toBeCloseTo(5, 6);
    const excluded = avgPool2d(x, { kernelSize: 3, stride: 1, padding: 1, countIncludePad: false });
    expect(excluded.get(0, 0, 0, 0)).toBeCloseTo(3, 6);
    expect(excluded.get(0, 0, 0, 1)).toBeCloseTo(3.5, 6);
    expect(excluded.get(0, 0, 2, 2)).toBeCloseTo((5 + 6 + 8 + 9) / 4, 6);
  });

  it('counts padding only up to the right padding in ceil mode (PyTorch divisors)', () => {
    // Input 6, kernel 3, stride 2, padding 1, ceil: the last window starts at 5 and spans
    // input 5 and one padded column, so its size is 2, not 3.
    const options: Pool2dOptions = { kernelSize: [1, 3], stride: [1, 2], padding: [0, 1], ceilMode: true };
    expectValues(avgPool2d(counting(1, 6), options), [1, 1, 1, 4], [1, 3, 5, 3]);
    expectValues(avgPool2d(counting(1, 6), { ...options, countIncludePad: false }), [1, 1, 1, 4], [1.5, 3, 5, 6]);
    // Input 5, kernel 2, stride 2, padding 1: three windows, as for max pooling.
    const dropped: Pool2dOptions = { kernelSize: [1, 2], padding: [0, 1], ceilMode: true };
    expectValues(avgPool2d(counting(1, 5), dropped), [1, 1, 1, 3], [0.5, 2.5, 4.5]);
  });

  it('back-propagates with the same divisors', () => {
    const x = counting(3, 3);
    const dx = avgPool2dBackward(ones([1, 1, 3, 3]), x, { kernelSize: 3, stride: 1, padding: 1, countIncludePad: false });
    // Input (0,0) lies in the windows of outputs (0,0) (4 real inputs), (0,1), (1,0) (6) and (1,1) (9).
    expect(dx.get(0, 0, 0, 0)).toBeCloseTo(1 / 4 + 2 / 6 + 1 / 9, 6);
    const included = avgPool2dBackward(ones([1, 1, 3, 3]), x, { kernelSize: 3, stride: 1, padding: 1 });
    expect(included.get(0, 0, 0, 0)).toBeCloseTo(4 / 9, 6);
  });
});

describe('globalAvgPool2d (cpu)', () => {
  it('averages each feature map and spreads the gradient evenly', () => {
    const x = tensor([1, 2, 3, 4, 5, 6, 0, 0, 0, 0, 0, 6], [1, 2, 2, 3]);
    expectValues(globalAvgPool2d(x), [1, 2, 1, 1], [3.5, 1]);
    const dx = globalAvgPool2dBackward(tensor([2, 3], [1, 2, 1, 1]), x);
    expectValues(dx, [1, 2, 2, 3], [...Array(6).fill(2 / 6), ...Array(6).fill(0.5)]);
  });
});

describe('pooling errors', () => {
  function thrown(work: () => unknown): ConvStudioError {
    try {
      work();
    } catch (error) {
      expect(error).toBeInstanceOf(ConvStudioError);
      return error as ConvStudioError;
    }
    throw new Error('expected a ConvStudioError, nothing was thrown');
  }

  it('names the op and the actual shape for a wrong rank', () => {
    expect(thrown(() => maxPool2d(zeros([3, 28, 28]), { kernelSize: 2 })).message).toBe(
      'maxPool2d: input must be rank 4 (N,C,H,W), got shape [3,28,28]',
    );
    expect(thrown(() => globalAvgPool2d(zeros([3, 28, 28]))).message).toMatch(/^globalAvgPool2d: .*\[3,28,28\]/);
  });

  it('refuses padding above half the kernel, naming op and shape', () => {
    const message = thrown(() => avgPool2d(zeros([1, 1, 4, 4]), { kernelSize: 2, padding: 2 })).message;
    expect(message).toMatch(/^avgPool2d: padding /);
    expect(message).toContain('[1,1,4,4]');
  });

  it('refuses a kernel larger than the input, naming op and size', () => {
    const message = thrown(() => maxPool2d(zeros([1, 1, 2, 2]), { kernelSize: 3 })).message;
    expect(message).toMatch(/^maxPool2d: kernelSize /);
    expect(message).toContain('2 + 2 x 0');
  });

  it('refuses a gradient of the wrong shape', () => {
    const error = thrown(() => maxPool2dBackward(zeros([1, 1, 3, 3]), zeros([1, 1, 4, 4]), { kernelSize: 2 }));
    expect(error.message).toBe('maxPool2dBackward: dy must have the shape of the output [1,1,2,2], got [1,1,3,3]');
  });

  it('refuses dilation for average pooling', () => {
    const error = thrown(() => avgPool2d(zeros([1, 1, 4, 4]), { kernelSize: 2, dilation: 2 }));
    expect(error.op).toBe('avgPool2d');
    expect(error.argument).toBe('dilation');
    expect(thrown(() => avgPool2dBackward(zeros([1, 1, 2, 2]), zeros([1, 1, 4, 4]), { kernelSize: 2, dilation: 1 })).op).toBe(
      'avgPool2dBackward',
    );
  });
});

describe('pooling gradients against central differences', () => {
  const eps = 1e-2;

  /** Distinct values 0.05 apart in random order, so a ±eps nudge never changes which input is a window's maximum. */
  function distinct(shape: number[], seed: number): Tensor {
    const noise = rand(shape, { seed }).data;
    const order = Array.from(noise.keys()).sort((a, b) => noise[a] - noise[b]);
    const data = new Float32Array(noise.length);
    order.forEach((index, rank) => (data[index] = rank * 0.05 - 1));
    return tensor(data, shape);
  }

  function checkGradient(forward: (x: Tensor) => Tensor, backward: (dy: Tensor, x: Tensor) => Tensor): void {
    const x = distinct([2, 2, 5, 5], 11);
    const r = rand(forward(x).shape, { seed: 12, low: -1, high: 1 });
    const loss = (input: Tensor): number => forward(input).data.reduce((sum, y, i) => sum + y * r.data[i], 0);
    const analytic = backward(r, x).data;
    const probe = x.clone();
    for (let i = 0; i < probe.size; i++) {
      const saved = probe.data[i];
      probe.data[i] = saved + eps;
      const up = loss(probe);
      probe.data[i] = saved - eps;
      const down = loss(probe);
      probe.data[i] = saved;
      const numeric = (up - down) / (2 * eps);
      const scale = Math.max(Math.abs(numeric), Math.abs(analytic[i]));
      expect(Math.abs(numeric - analytic[i]), `input ${i}: numeric ${numeric}, analytic ${analytic[i]}`).toBeLessThanOrEqual(
        1e-2 * scale + 1e-4,
      );
    }
  }

  const maxCases: Pool2dOptions[] = [
    { kernelSize: 3, stride: 2, padding: 1, ceilMode: true },
    { kernelSize: 2, stride: 1, dilation: 2 },
  ];
  for (const options of maxCases) {
    for (const { label, backend } of maxPoolKernels) {
      it(`maxPool2dBackward ${JSON.stringify(options)} (${label})`, () => {
        withBackend(backend, () => checkGradient((x) => maxPool2d(x, options), (dy, x) => maxPool2dBackward(dy, x, options)));
      });
    }
  }

  const avgCases: Pool2dOptions[] = [
    { kernelSize: 3, stride: 2, padding: 1, ceilMode: true },
    { kernelSize: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false },
    { kernelSize: [2, 3], stride: 1, padding: [1, 0] },
  ];
  for (const options of avgCases) {
    it(`avgPool2dBackward ${JSON.stringify(options)}`, () => {
      checkGradient((x) => avgPool2d(x, options), (dy, x) => avgPool2dBackward(dy, x, options));
    });
  }

  it('globalAvgPool2dBackward', () => {
    checkGradient(globalAvgPool2d, globalAvgPool2dBackward);
  });
});
