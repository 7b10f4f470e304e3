import { chain, inferShapesOrThrow, inputRegion, leNet5, node, pipelineOf, receptiveFields, type Pipeline, type ReceptiveFieldReport } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { layoutStacks } from './layout.js';
import { fitsStack, receptiveHighlights } from './receptive-rects.js';

function prepare(pipeline: Pipeline) {
  const result = receptiveFields(pipeline);
  if (!result.ok) throw new Error('fixture pipeline is invalid');
  const shapes = inferShapesOrThrow(pipeline);
  const layers = shapes.nodes.map((n) => ({ id: n.node.id, label: n.node.id, shape: [1, ...n.shapes.output] }));
  return { report: result.report as ReceptiveFieldReport, stacks: layoutStacks(layers).stacks };
}

// input 1x16x16 -> conv 3x3 pad 1 -> maxpool 2 -> conv 3x3 stride 2 -> relu
const small = pipelineOf({ name: 'small', description: 'fixture', seed: 1 }, [
  chain([
    node('input', 'input', { channels: 1, height: 16, width: 16 }),
    node('conv1', 'conv2d', { outChannels: 4, kernelSize: 3, padding: 1 }),
    node('pool1', 'maxPool2d', { kernelSize: 2 }),
    node('conv2', 'conv2d', { outChannels: 2, kernelSize: 3, stride: 2 }),
    node('relu2', 'relu'),
  ]),
]);

describe('receptiveHighlights', () => {
  const { report, stacks } = prepare(small);

  it('marks the selected unit and its field on every upstream node', () => {
    const h = receptiveHighlights(report, small, stacks, { nodeId: 'conv2', channel: 1, y: 1, x: 2 });
    expect(h.get('conv2')).toEqual({ nodeId: 'conv2', role: 'selected', rect: { top: 1, left: 2, bottom: 1, right: 2 } });
    // conv2 (stride 2) unit (1, 2) reads pool1 rows 2..4, columns 4..6.
    expect(h.get('pool1')?.rect).toEqual({ top: 2, left: 4, bottom: 4, right: 6 });
    // Those pool units read conv1 rows 4..9, columns 8..13.
    expect(h.get('conv1')?.rect).toEqual({ top: 4, left: 8, bottom: 9, right: 13 });
    expect(h.get('input')?.rect).toEqual({ top: 3, left: 7, bottom: 10, right: 14 });
    expect(h.has('relu2')).toBe(false); // downstream: nothing
  });

  it("agrees with core's inputRegion on the input for every unit of every node", () => {
    for (const stack of stacks.filter((s) => s.id !== 'input')) {
      const [, rows, cols] = stack.shape;
      for (let y = 0; y < rows; y++) {
        for (let x = 0; x < cols; x++) {
          const rect = receptiveHighlights(report, small, stacks, { nodeId: stack.id, channel: 0, y, x }).get('input')?.rect;
          expect(rect).toEqual(inputRegion(report, stack.id, y, x).clipped);
        }
      }
    }
  });

  it('clips fields that reach into padding', () => {
    const h = receptiveHighlights(report, small, stacks, { nodeId: 'conv1', channel: 0, y: 0, x: 15 });
    expect(h.get('input')?.rect).toEqual({ top: 0, left: 14, bottom: 1, right: 15 });
  });

  it('makes every upstream map whole below a dense layer, and marks the feature on the strip', () => {
    const lenet = leNet5();
    const { report: r, stacks: s } = prepare(lenet);
    const h = receptiveHighlights(r, lenet, s, { nodeId: 'fc1', channel: 100, y: 0, x: 0 });
    expect(h.get('fc1')?.rect).toEqual({ top: 9, left: 1, bottom: 9, right: 1 }); // 120 features in rows of 11
    expect(h.get('flatten')?.rect).toEqual({ top: 0, left: 0, bottom: 19, right: 19 }); // 400 features in rows of 20
    expect(h.get('conv1')?.rect).toEqual({ top: 0, left: 0, bottom: 27, right: 27 });
    expect(h.get('input')?.rect).toEqual({ top: 0, left: 0, bottom: 31, right: 31 });
    expect(h.has('fc2')).toBe(false);
    const wrapped = receptiveHighlights(r, lenet, s, { nodeId: 'flatten', channel: 300, y: 0, x: 0 }).get('flatten');
    expect(wrapped?.rect).toEqual({ top: 15, left: 0, bottom: 15, right: 0 });
  });

  it('tells whether a unit exists in a node (stale selections do not)', () => {
    const pool = stacks.find((s) => s.id === 'pool1');
    if (!pool) throw new Error('fixture has pool1');
    expect(fitsStack(pool, { nodeId: 'pool1', channel: 3, y: 7, x: 7 })).toBe(true);
    expect(fitsStack(pool, { nodeId: 'pool1', channel: 4, y: 0, x: 0 })).toBe(false);
    expect(fitsStack(pool, { nodeId: 'pool1', channel: 0, y: 8, x: 0 })).toBe(false);
    expect(fitsStack(pool, { nodeId: 'pool1', channel: 0, y: 0.5, x: 0 })).toBe(false);
  });

  it('highlights nothing for a node it does not know, and refuses units outside the node', () => {
    expect(receptiveHighlights(report, small, stacks, { nodeId: 'gone', channel: 0, y: 0, x: 0 }).size).toBe(0);
    expect(() => receptiveHighlights(report, small, stacks, { nodeId: 'conv1', channel: 4, y: 0, x: 0 })).toThrow(
      /unit \(channel 4, y 0, x 0\) is outside node "conv1" \[4,16,16\]/,
    );
    expect(() => receptiveHighlights(report, small, stacks, { nodeId: 'pool1', channel: 0, y: 8, x: 0 })).toThrow(/outside node "pool1"/);
  });
});
