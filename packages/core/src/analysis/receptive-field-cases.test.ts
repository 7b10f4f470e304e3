import { describe, expect, it } from 'vitest';
import type { Pipeline, PipelineNode } from '../nn/pipeline-types.js';
import { chain, node, pipelineOf } from '../nn/templates/chain.js';
import { inputRegion, type ReceptiveFieldReport, receptiveFields } from './receptive-field.js';

// The cases the mutation run of 2026-12-04 found untested (packages/core/README.md): softmax over
// a spatial axis, flatten, a join of a global and a local branch, the notes a join writes, and
// inputRegion's refusals of units that are not whole numbers inside the output.

function reportOf(pipeline: Pipeline): ReceptiveFieldReport {
  const result = receptiveFields(pipeline);
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('\n'));
  return result.report;
}

const axis = (size: number, jump: number, start: number) => ({ size, jump, start });
const field = (report: ReceptiveFieldReport, id: string) => {
  const f = report.byId.get(id);
  if (!f) throw new Error(`no field for ${id}`);
  return f;
};
const input = (channels: number, height: number, width: number) => node('input', 'input', { channels, height, width });
const tiny = (layers: PipelineNode[], size: [number, number, number] = [1, 6, 8]) =>
  pipelineOf({ name: 't', description: 't', seed: 5 }, [chain([input(...size), ...layers])]);

// conv 3x3 valid on 6x8: 4x6 units, each 3 pixels wide, centres 1, 2, ...
const conv = () => node('conv', 'conv2d', { outChannels: 2, kernelSize: 3 });

describe('receptive fields of layers that look at whole maps', () => {
  it('softmax over the height (dim 2) mixes whole columns of units, over the width (dim 3 or -1) whole rows, over the channels neither', () => {
    const over = (dim: number) => field(reportOf(tiny([conv(), node('soft', 'softmax', { dim })])), 'soft');
    // Over the 4 rows of conv's units: 3 + 3 * 1 = 6 pixels, centred at 1 + 1.5.
    expect(over(2)).toMatchObject({ height: axis(6, 4, 2.5), width: axis(3, 1, 1), global: true, notes: [] });
    // Over the 6 columns: 3 + 5 = 8 pixels, centred at 1 + 2.5.
    for (const dim of [3, -1]) expect(over(dim), `dim ${dim}`).toMatchObject({ height: axis(3, 1, 1), width: axis(8, 6, 3.5), global: true });
    expect(over(-2)).toMatchObject({ height: axis(6, 4, 2.5), width: axis(3, 1, 1), global: true });
    for (const dim of [1, -3]) expect(over(dim), `dim ${dim}`).toMatchObject({ height: axis(3, 1, 1), width: axis(3, 1, 1), global: false });
  });

  it('softmax over flat features keeps the field of what it follows, whatever its axis', () => {
    const layers = [conv(), node('flat', 'flatten'), node('fc', 'linear', { outFeatures: 3 }), node('soft', 'softmax', { dim: 1 })];
    const report = reportOf(tiny(layers));
    expect(field(report, 'soft')).toMatchObject({ height: field(report, 'fc').height, width: field(report, 'fc').width, global: true });
  });

  it('flatten sees its whole input map, and the dense layers after it keep that field', () => {
    const report = reportOf(tiny([conv(), node('flat', 'flatten'), node('fc', 'linear', { outFeatures: 3 })]));
    expect(field(report, 'conv').global).toBe(false);
    for (const id of ['flat', 'fc']) expect(field(report, id), id).toMatchObject({ height: axis(6, 4, 2.5), width: axis(8, 6, 3.5), global: true, notes: [] });
    expect(inputRegion(report, 'fc', 0, 0)).toEqual({ region: { top: 0, left: 0, bottom: 5, right: 7 }, clipped: { top: 0, left: 0, bottom: 5, right: 7 } });
  });
});

describe('receptive fields of joins', () => {
  /** A 1x4x4 input, one branch pooled globally (1x1), one convolved to 1x1 (local, but the whole image). */
  const globalAndLocal = (join: PipelineNode) =>
    pipelineOf({ name: 't', description: 't', seed: 1 }, [
      chain([input(1, 4, 4), node('gap', 'globalAvgPool2d')]),
      chain([node('local', 'conv2d', { outChannels: 1, kernelSize: 4 })], 'input'),
      { nodes: [join], edges: [{ source: 'gap', target: join.id }, { source: 'local', target: join.id }] },
    ]);

  it('is global when any input is, not only when all are', () => {
    for (const join of [node('cat', 'concat', { axis: 1 }), node('cat', 'add')]) {
      const report = reportOf(globalAndLocal(join));
      expect(field(report, 'gap').global).toBe(true);
      expect(field(report, 'local').global).toBe(false);
      expect(field(report, 'cat').global, join.kind).toBe(true);
      // Both branches see pixels 0..3 with unit 0 at 1.5; the larger jump (4) is kept.
      expect(field(report, 'cat').height, join.kind).toEqual(axis(4, 4, 1.5));
      // The pooled branch steps 4 pixels a unit, the convolved one 1.
      expect(field(report, 'cat').notes, join.kind).toEqual([
        "inputs step through the image at different rates (jumps 4, 1): the field is exact for unit (0, 0) only, other units' fields are approximate",
      ]);
    }
  });

  it('is local when no input is global, and writes no note for inputs that move alike', () => {
    const pipeline = pipelineOf({ name: 't', description: 't', seed: 1 }, [
      chain([input(1, 6, 6), node('a', 'conv2d', { outChannels: 1, kernelSize: 3, padding: 1 })]),
      chain([node('b', 'conv2d', { outChannels: 1, kernelSize: 1 })], 'input'),
      { nodes: [node('cat', 'concat', { axis: 1 })], edges: [{ source: 'a', target: 'cat' }, { source: 'b', target: 'cat' }] },
    ]);
    expect(field(reportOf(pipeline), 'cat')).toMatchObject({ global: false, notes: [], height: axis(3, 1, 0) });
  });

  it('notes a join along a spatial axis (positive or negative axis), and nothing for branches that reach the same jump by different layers', () => {
    const spatial = pipelineOf({ name: 't', description: 't', seed: 1 }, [
      chain([input(1, 6, 6), node('a', 'conv2d', { outChannels: 1, kernelSize: 3, padding: 1 })]),
      chain([node('b', 'conv2d', { outChannels: 1, kernelSize: 3, padding: 1 })], 'input'),
      { nodes: [node('cat', 'concat', { axis: 2 })], edges: [{ source: 'a', target: 'cat' }, { source: 'b', target: 'cat' }] },
    ]);
    expect(field(reportOf(spatial), 'cat').notes).toEqual(['joined along a spatial axis: units past the first input come from the next one, so positions there do not follow this field']);
    for (const a of [-2, -1]) {
      const negative = pipelineOf({ name: 't', description: 't', seed: 1 }, [
        chain([input(1, 6, 6), node('a', 'conv2d', { outChannels: 1, kernelSize: 3, padding: 1 })]),
        chain([node('b', 'conv2d', { outChannels: 1, kernelSize: 3, padding: 1 })], 'input'),
        { nodes: [node('cat', 'concat', { axis: a })], edges: [{ source: 'a', target: 'cat' }, { source: 'b', target: 'cat' }] },
      ]);
      expect(field(reportOf(negative), 'cat').notes, `axis ${a}`).toHaveLength(1);
    }
    const rates = pipelineOf({ name: 't', description: 't', seed: 1 }, [
      chain([input(1, 8, 8), node('strided', 'conv2d', { outChannels: 1, kernelSize: 3, stride: 2, padding: 1 })]),
      chain([node('up', 'maxPool2d', { kernelSize: 2 })], 'input'),
      { nodes: [node('sum', 'add')], edges: [{ source: 'strided', target: 'sum' }, { source: 'up', target: 'sum' }] },
    ]);
    expect(field(reportOf(rates), 'sum').notes).toEqual([]);
    const differ = pipelineOf({ name: 't', description: 't', seed: 1 }, [
      chain([input(1, 8, 8), node('strided', 'conv2d', { outChannels: 1, kernelSize: 3, stride: 2, padding: 1 })]),
      chain([node('wide', 'conv2d', { outChannels: 1, kernelSize: 5, stride: 1, padding: 2 }), node('half', 'avgPool2d', { kernelSize: 2, stride: 2 })], 'input'),
      chain([node('plain', 'conv2d', { outChannels: 1, kernelSize: 1, stride: 2 })], 'input'),
      { nodes: [node('sum', 'add')], edges: [{ source: 'strided', target: 'sum' }, { source: 'half', target: 'sum' }, { source: 'plain', target: 'sum' }] },
    ]);
    expect(field(reportOf(differ), 'sum').notes).toEqual([]);
  });
});

describe('inputRegion refuses a unit it cannot place', () => {
  const report = reportOf(tiny([conv()]));

  it('names the node it does not know', () => {
    expect(() => inputRegion(report, 'nope', 0, 0)).toThrow('inputRegion: nodeId names no node of the report: "nope"');
  });

  it.each([
    [-1, 0], [0, -1], [0.5, 0], [0, 0.5], [4, 0], [0, 6],
  ])('refuses unit (%d, %d) of a 4x6 map, naming the unit and the map', (y, x) => {
    expect(() => inputRegion(report, 'conv', y, x)).toThrow(new RegExp(`^inputRegion: unit \\(${y}, ${x}\\) is outside node "conv"'s 4x6 output$`));
  });

  it('takes the last unit of a map, and says a flat node has one field only', () => {
    expect(inputRegion(report, 'conv', 3, 5).region).toEqual({ top: 3, left: 5, bottom: 5, right: 7 });
    const flat = reportOf(tiny([conv(), node('flat', 'flatten')]));
    expect(() => inputRegion(flat, 'flat', 0, 1)).toThrow(`inputRegion: unit (0, 1) is outside node "flat"'s 1x1 output (flat features: one field, unit (0, 0))`);
  });
});

describe('inputRegion at the borders', () => {
  it('clips a region that reaches past the bottom and right edges to the last row and column', () => {
    // conv k3 s1 p1 on 5x7: unit (4, 6) is centred on the last pixel, rows 3..5 and columns 5..7.
    const report = reportOf(tiny([node('conv', 'conv2d', { outChannels: 1, kernelSize: 3, padding: 1 })], [1, 5, 7]));
    expect(inputRegion(report, 'conv', 4, 6)).toEqual({ region: { top: 3, left: 5, bottom: 5, right: 7 }, clipped: { top: 3, left: 5, bottom: 4, right: 6 } });
  });

  it('gives no clipped region for a unit that sees only padding, on either axis, and keeps a one-pixel one', () => {
    // conv k1 p2 on 4x4: 8x8 units, unit (y, x) sees pixel (y - 2, x - 2) alone.
    const report = reportOf(tiny([node('conv', 'conv2d', { outChannels: 1, kernelSize: 1, padding: 2 })], [1, 4, 4]));
    expect(inputRegion(report, 'conv', 0, 0).clipped).toBeNull();
    expect(inputRegion(report, 'conv', 0, 3).clipped).toBeNull();
    expect(inputRegion(report, 'conv', 3, 0).clipped).toBeNull();
    expect(inputRegion(report, 'conv', 7, 7).clipped).toBeNull();
    expect(inputRegion(report, 'conv', 2, 3)).toEqual({ region: { top: 0, left: 1, bottom: 0, right: 1 }, clipped: { top: 0, left: 1, bottom: 0, right: 1 } });
  });

  it("lists every node in execution order, the input's field a single pixel with no notes", () => {
    const report = reportOf(tiny([conv(), node('relu', 'relu')]));
    expect(report.nodes.map((n) => n.id)).toEqual(['input', 'conv', 'relu']);
    expect(report.byId.get('input')).toEqual({ id: 'input', kind: 'input', output: [1, 6, 8], height: axis(1, 1, 0), width: axis(1, 1, 0), global: false, notes: [] });
    expect(report.input).toEqual({ height: 6, width: 8 });
  });
});

describe('a join of inputs that step alike on one axis only', () => {
  it.each<[string, [number, number], [number, number], string]>([
    ['width', [1, 2], [1, 5], 'jumps 1, 2'],
    ['height', [2, 1], [5, 1], 'jumps 2, 1'],
  ])('notes different rates when only the %s differs', (_axis, stride, kernelSize, jumps) => {
    // On 8x8, both branches give 8x4 (or 4x8) maps: one by a stride of 2 on one axis, one by a
    // valid 5-wide kernel there, stepping 1.
    const pipeline = pipelineOf({ name: 't', description: 't', seed: 1 }, [
      chain([input(1, 8, 8), node('strided', 'conv2d', { outChannels: 1, kernelSize: 1, stride })]),
      chain([node('wide', 'conv2d', { outChannels: 1, kernelSize })], 'input'),
      { nodes: [node('cat', 'concat', { axis: 1 })], edges: [{ source: 'strided', target: 'cat' }, { source: 'wide', target: 'cat' }] },
    ]);
    const notes = field(reportOf(pipeline), 'cat').notes;
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(`inputs step through the image at different rates (${jumps})`);
  });
});
