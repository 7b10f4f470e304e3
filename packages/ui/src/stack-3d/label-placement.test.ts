import { describe, expect, it } from 'vitest';
import { labelPriority, placeLabels } from './label-placement.js';
import { layoutStacks } from './layout.js';

const conv = (id: string, c: number, h: number) => ({ id, label: id, shape: [1, c, h, h] });

describe('labelPriority', () => {
  it('puts input and output first, then layers that change the shape, then element-wise ones', () => {
    const { stacks } = layoutStacks([conv('input', 1, 28), conv('conv1', 8, 26), conv('relu1', 8, 26), conv('pool1', 8, 13), { id: 'fc', label: 'fc', shape: [1, 10] }]);
    expect([...labelPriority(stacks)]).toEqual([0, 4, 1, 3, 2]);
  });
});

describe('placeLabels', () => {
  // Three stacks side by side, 100 px apart, each 80 px wide; labels 60 x 20.
  const boxes = new Float32Array([10, 100, 90, 200, 110, 100, 190, 200, 210, 100, 290, 200]);
  // Seen head on: each stack's front and back plane is its box.
  const outlines = Float32Array.from([0, 1, 2].flatMap((i) => {
    const [l, t, r, b] = boxes.subarray(4 * i, 4 * i + 4);
    return [0, 1].flatMap(() => [l, t, r, t, l, b, r, b]);
  }));
  const run = (sizes: number[], priority = [0, 1, 2], width = 400, height = 300, first = -1) => {
    const out = { positions: new Float32Array(6), visible: new Uint8Array(3) };
    placeLabels({ boxes, outlines, sizes: new Float32Array(sizes), priority: Int32Array.from(priority), width, height }, out, first);
    return { positions: [...out.positions], visible: [...out.visible] };
  };

  it('centres each label just above its stack when there is room', () => {
    const { positions, visible } = run([60, 20, 60, 20, 60, 20]);
    expect(visible).toEqual([1, 1, 1]);
    expect(positions).toEqual([20, 76, 120, 76, 220, 76]);
  });

  it('puts a label below its stack when the room above is taken, and hides it when both are, in priority order', () => {
    // 150 px wide labels: the middle one overlaps both neighbours above, so it goes below.
    const { positions, visible } = run([150, 20, 150, 20, 150, 20], [0, 2, 1]);
    expect(visible).toEqual([1, 1, 1]);
    expect(positions.slice(2, 4)).toEqual([75, 204]);
    // 100 px tall labels on a 200 px canvas: below is clamped up against the labels above.
    expect(run([150, 100, 150, 100, 150, 100], [0, 2, 1], 400, 200).visible).toEqual([1, 0, 1]);
    // The middle first: the left neighbour loses; the right one moves right, starting at its stack's centre.
    const shifted = run([150, 100, 150, 100, 150, 100], [1, 0, 2], 400, 200);
    expect(shifted.visible).toEqual([0, 1, 1]);
    expect(shifted.positions.slice(4)).toEqual([250, 0]);
  });

  it('lets the stack under the pointer win', () => {
    expect(run([150, 100, 150, 100, 150, 100], [0, 2, 1], 400, 200, 1).visible).toEqual([0, 1, 1]);
  });

  // Seen head on, a stack's front and back planes are its box.
  const headOn = (b: Float32Array) =>
    Float32Array.from([0, 1, 2].flatMap((i) => {
      const [l, t, r, bottom] = b.subarray(4 * i, 4 * i + 4);
      return [0, 1].flatMap(() => [l, t, r, t, l, bottom, r, bottom]);
    }));
  const place = (b: Float32Array, outlines: Float32Array, sizes: number[], priority: number[], height: number, width = 400) => {
    const out = { positions: new Float32Array(6), visible: new Uint8Array(3) };
    placeLabels({ boxes: b, outlines, sizes: new Float32Array(sizes), priority: Int32Array.from(priority), width, height }, out);
    return [...out.visible];
  };

  it('hides a label that would cover a nearer stack, above or below, unless it is the input or the output', () => {
    // The third stack is lower: its wide label above would cover the second; below, the canvas ends.
    const b = new Float32Array([10, 100, 90, 200, 110, 100, 190, 200, 210, 130, 290, 200]);
    expect(place(b, headOn(b), [60, 20, 60, 20, 250, 20], [0, 1, 2], 215)).toEqual([1, 1, 0]);
    expect(place(b, headOn(b), [60, 20, 60, 20, 250, 20], [2, 0, 1], 215)).toEqual([1, 1, 1]);
  });

  it('tests the planes as drawn, not their boxes: a label may sit in the empty corner of a tilted plane', () => {
    // The middle stack is lower; on a 240 px canvas its wide label reaches over the first stack's box (x 10..90) wherever it goes.
    const b = new Float32Array([10, 100, 90, 200, 110, 140, 190, 200, 210, 100, 290, 200]);
    const sizes = [10, 10, 160, 30, 10, 10];
    expect(place(b, headOn(b), sizes, [0, 2, 1], 225, 240)).toEqual([1, 0, 1]);
    // Tilted, the first stack's planes leave the top right of its box empty: (10,180) (20,100) (90,200) (10,200).
    const tilted = headOn(b);
    for (const face of [0, 8]) tilted.set([10, 180, 20, 100, 10, 200, 90, 200], face);
    expect(place(b, tilted, sizes, [0, 2, 1], 225, 240)).toEqual([1, 1, 1]);
  });

  it('keeps labels inside the canvas and hides those of stacks off screen', () => {
    const { positions, visible } = run([60, 20, 60, 20, 60, 20], [0, 1, 2], 170, 300);
    expect(visible).toEqual([1, 1, 0]);
    // The second stack's label would reach x = 180: pushed back to end at the canvas's edge.
    expect(positions[2]).toBe(110);
  });
});
