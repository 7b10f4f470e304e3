import { Tensor } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { mnistCnn, type PipelineNode } from '@convstudio/core';
import { keptTensors, outputStructure } from './kept-tensors.js';

const output = (id: string, values: number[], shape = [1, 1, 1, values.length]) => ({ id, shape, data: Float32Array.from(values) });

describe('keptTensors', () => {
  it('keeps the previous tensor object where the values are the same, and takes the new values elsewhere', () => {
    const previous = new Map([['input', new Tensor(Float32Array.of(1, 2), [1, 1, 1, 2])], ['conv1', new Tensor(Float32Array.of(3, 4), [1, 1, 1, 2])]]);
    const next = keptTensors(previous, [output('input', [1, 2]), output('conv1', [3, 5]), output('relu1', [0, 5])]);
    expect(next.get('input')).toBe(previous.get('input'));
    expect(next.get('conv1')).not.toBe(previous.get('conv1'));
    expect(Array.from(next.get('conv1')?.data ?? [])).toEqual([3, 5]);
    expect(Array.from(next.get('relu1')?.data ?? [])).toEqual([0, 5]);
    expect([...next.keys()]).toEqual(['input', 'conv1', 'relu1']);
  });

  it('takes the new tensor when the shape differs, or the bits (NaN equals NaN, -0 is not 0)', () => {
    const previous = new Map([
      ['a', new Tensor(Float32Array.of(1, 2), [1, 1, 1, 2])],
      ['b', new Tensor(Float32Array.of(NaN, 1), [1, 1, 1, 2])],
      ['c', new Tensor(Float32Array.of(0), [1, 1, 1, 1])],
    ]);
    const next = keptTensors(previous, [output('a', [1, 2], [1, 1, 2, 1]), output('b', [NaN, 1]), output('c', [-0])]);
    expect(next.get('a')).not.toBe(previous.get('a'));
    expect(next.get('a')?.shape).toEqual([1, 1, 2, 1]);
    expect(next.get('b')).toBe(previous.get('b'));
    expect(next.get('c')).not.toBe(previous.get('c'));
  });

  it("with keepOthers, keeps the previous run's other tensors beside the new ones", () => {
    const previous = new Map([['conv1', new Tensor(Float32Array.of(1), [1, 1, 1, 1])], ['fc', new Tensor(Float32Array.of(2), [1, 1])]]);
    const next = keptTensors(previous, [output('conv1', [5])], true);
    expect([...next.keys()]).toEqual(['conv1', 'fc']);
    expect(next.get('fc')).toBe(previous.get('fc'));
    expect(Array.from(next.get('conv1')?.data ?? [])).toEqual([5]);
  });
});

describe('outputStructure', () => {
  it('ignores values and positions, and follows kinds, parameters and edges', () => {
    const pipeline = mnistCnn();
    const key = outputStructure(pipeline);
    const valued = { ...pipeline, nodes: pipeline.nodes.map((n) => (n.id === 'conv1' ? ({ ...n, weight: { values: [1] }, position: { x: 1, y: 2 } } as PipelineNode) : n)) };
    expect(outputStructure(valued)).toBe(key);
    const resized = { ...pipeline, nodes: pipeline.nodes.map((n) => (n.kind === 'input' ? { ...n, params: { ...n.params, height: 32 } } : n)) };
    expect(outputStructure(resized)).not.toBe(key);
    expect(outputStructure({ ...pipeline, edges: pipeline.edges.slice(1) })).not.toBe(key);
  });
});
