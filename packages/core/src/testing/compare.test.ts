import { describe, expect, it } from 'vitest';
import { BACKEND_TOLERANCES, FLOAT32_TOLERANCE, backendFamily, loosestOf, mismatch, toleranceFor } from './compare.js';
import { boundFrom } from './error-survey.js';

describe('mismatch', () => {
  const t = { rtol: 1e-3, floor: 1e-2 };

  it('bounds each element by its own magnitude plus a floor scaled to the tensor', () => {
    // max|expected| = 100: the floor is 1 everywhere; 50 may move by 0.05 + 1.
    expect(mismatch('y', [100.1, 51.04, 0.9], [3], [100, 50, 0], [3], t)).toBeUndefined();
    expect(mismatch('y', [100, 51.06, 0], [3], [100, 50, 0], [3], t)).toMatch(/^y: index 1 is 51.06, expected 50 \(error 1\.06e\+0 > 1\.05e\+0/);
  });

  it('scales the floor down with a small tensor instead of flooring it at 1', () => {
    // max|expected| = 0.01: floor 1e-4, so an error of 2e-4 on a zero fails.
    expect(mismatch('y', [0.01, 0.0002], [2], [0.01, 0], [2], t)).toMatch(/index 1/);
    expect(mismatch('y', [0.01, 0.00009], [2], [0.01, 0], [2], t)).toBeUndefined();
  });

  it('names the element furthest past its own bound, and never lets NaN through', () => {
    expect(mismatch('y', [10.5, 0.5], [2], [10, 0], [2], { rtol: 0.01, floor: 0.001 })).toMatch(/index 1/);
    expect(mismatch('y', [Number.NaN, 0], [2], [1, 0], [2], t)).toMatch(/index 0 is NaN/);
    expect(mismatch('y', [0, 0], [2], [Number.NaN, 0], [2], t)).toMatch(/index 0/);
    // A NaN after a finite failure is still the worst: it is infinitely past any bound.
    expect(mismatch('y', [2, Number.NaN], [2], [1, 1], [2], { rtol: 0.01, floor: 0 })).toMatch(/^y: index 1 is NaN, expected 1 \(error NaN > 1\.00e-2/);
  });

  it('reports the first of the worst elements when several fail', () => {
    // max|expected| = 10, floor 0.1: index 0 is 5x past its bound (0.5 > 0.1), index 2 4.5x (0.5 > 0.11).
    expect(mismatch('y', [0.5, 10, 10.5], [3], [0, 10, 10], [3], { rtol: 0.001, floor: 0.01 })).toMatch(/index 0 /);
    // All zeros: every bound is 0, so both errors are infinitely past it; the first is named.
    expect(mismatch('y', [0.5, 0.5], [2], [0, 0], [2], t)).toMatch(/index 0 /);
  });

  it('refuses a shape or length that differs', () => {
    expect(mismatch('y', [1, 2], [2, 1], [1, 2], [1, 2], t)).toBe('y: shape [2,1] differs from the expected [1,2]');
    expect(mismatch('y', [1, 2], [2], [1, 2], [2, 1], t)).toBe('y: shape [2] differs from the expected [2,1]');
    expect(mismatch('y', [1, 2, 3], [2], [1, 2], [2], t)).toBe('y: 3 values, expected 2');
  });
});

describe('toleranceFor', () => {
  it('picks the family by the backend name, the looser of both for a mixed CPU backend', () => {
    expect(backendFamily('cpu-direct-wasm-1thread')).toBe('wasm');
    expect(backendFamily('cpu-gemm-js')).toBe('js');
    expect(backendFamily('cpu')).toBe('cpu');
    expect(backendFamily('webgpu')).toBe('webgpu');
    expect(backendFamily('webgpu-f16')).toBe('webgpu');
    expect(backendFamily('my-webgpu-')).toBeUndefined();
    expect(backendFamily('cpujs')).toBeUndefined();
    expect(toleranceFor('cpu-js')).toBe(BACKEND_TOLERANCES.js);
    expect(toleranceFor('cpu-wasm-2threads')).toBe(BACKEND_TOLERANCES.wasm);
    expect(toleranceFor('webgpu')).toBe(BACKEND_TOLERANCES.webgpu);
    expect(toleranceFor('cpu')).toEqual({ rtol: Math.max(BACKEND_TOLERANCES.js.rtol, BACKEND_TOLERANCES.wasm.rtol), floor: Math.max(BACKEND_TOLERANCES.js.floor, BACKEND_TOLERANCES.wasm.floor) });
    expect(toleranceFor('someone-elses')).toBe(FLOAT32_TOLERANCE);
  });
});

describe('loosestOf', () => {
  it('takes the larger of each field', () => {
    expect(loosestOf([{ rtol: 1e-6, floor: 0 }, { rtol: 0, floor: 1e-7 }])).toEqual({ rtol: 1e-6, floor: 1e-7 });
    expect(loosestOf([{ rtol: 0, floor: 1e-7 }, { rtol: 1e-6, floor: 0 }])).toEqual({ rtol: 1e-6, floor: 1e-7 });
  });
});

describe('boundFrom', () => {
  it('takes 4x the measurement, rounded up to 1, 2 or 5 times a power of ten', () => {
    expect(boundFrom(6.09e-7)).toBe(5e-6);
    expect(boundFrom(4.86e-8)).toBe(2e-7);
    expect(boundFrom(2.5e-7)).toBe(1e-6);
    expect(boundFrom(2.4e-7)).toBe(1e-6);
    expect(boundFrom(0)).toBe(0);
  });
});
