import { describe, expect, it } from 'vitest';
import type { Tensor } from '../tensor.js';
import { workedExampleFixture } from '../testing/fixtures.js';
import { runWorkedExample } from './worked-example.js';

/** The document's code run with numpy (tools/golden/worked_example.py) must match to 1e-6 relative. */
function expectMatches(actual: Tensor, name: string): void {
  const expected = workedExampleFixture.arrays[name];
  expect(actual.shape.slice(-2), name).toEqual(expected.shape);
  const scale = Math.max(...expected.data.map(Math.abs));
  expected.data.forEach((value, i) => {
    if (Math.abs(actual.data[i] - value) > 1e-6 * scale) {
      throw new Error(`${name}[${i}] is ${actual.data[i]}, numpy gives ${value}`);
    }
  });
}

describe('the worked example, against the document run with numpy', () => {
  const example = runWorkedExample();
  const pairs: [Tensor, string][] = [
    [example.six, 'image6'],
    [example.nine, 'image9'],
    [example.diagonal.kernel, 'diagonalKernel'],
    [example.rotatedDiagonal.kernel, 'rotDiagonalKernel'],
    [example.diagonal.convolution, 'convDiagonal'],
    [example.rotatedDiagonal.convolution, 'convRotDiagonal'],
    [example.diagonal.normalized, 'normalizedDiagonal'],
    [example.rotatedDiagonal.normalized, 'normalizedRotDiagonal'],
    [example.diagonal.relu, 'reluDiagonal'],
    [example.rotatedDiagonal.relu, 'reluRotDiagonal'],
    [example.diagonal.pooled, 'pooledDiagonal'],
    [example.rotatedDiagonal.pooled, 'pooledRotDiagonal'],
  ];
  for (const [actual, name] of pairs) it(name, () => expectMatches(actual, name));

  it('finds different diagonals with the two kernels', () => {
    const a = example.diagonal.pooled.data;
    const b = example.rotatedDiagonal.pooled.data;
    expect(a.some((v, i) => Math.abs(v - b[i]) > 10)).toBe(true);
  });
});
