import { cpuBackend, createModel, mnistCnn, syntheticSix, type LayerNode, type Pipeline } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { grayToRgba } from '../images/load-image.js';
import { LayerValuesStore, offerSpareCopy, packLayerValues } from './layer-values.js';
import { ModelCache, runPipeline } from './run-pipeline.js';

/** mnist-cnn with trained-looking values written into its layers, as the studio holds them after training. */
function trainedPipeline(scale = 1.5): Pipeline {
  const pipeline = mnistCnn();
  const model = createModel(pipeline);
  return {
    ...pipeline,
    nodes: pipeline.nodes.map((node) => {
      const p = model.parameters.get(node.id);
      if (!p?.weight) return node;
      return { ...node, weight: { values: Array.from(p.weight.data, (v) => Math.fround(v * scale)) }, biasValues: Array.from(p.bias!.data, (_, i) => Math.fround(i / 64)) } as LayerNode;
    }),
  };
}

/** The trained pipeline with its layers' values held as Float32Arrays, as the studio holds them. */
function float32Pipeline(): Pipeline {
  const numbers = trainedPipeline();
  return {
    ...numbers,
    nodes: numbers.nodes.map((n) => {
      const node = n as LayerNode & { weight?: { values?: number[] }; biasValues?: number[] };
      return node.weight?.values ? ({ ...node, weight: { values: Float32Array.from(node.weight.values) }, biasValues: Float32Array.from(node.biasValues!) } as LayerNode) : n;
    }),
  };
}

describe('layer values to the run worker', () => {
  it('leave the pipeline as transferred Float32Arrays, and the worker builds the same model from them', async () => {
    const pipeline = trainedPipeline();
    const packed = packLayerValues(pipeline);
    expect(packed.pipeline.nodes.some((n) => 'biasValues' in n || (n as { weight?: { values?: unknown } }).weight?.values)).toBe(false);
    expect(packed.values.map((v) => v.id)).toEqual(['conv1', 'conv2', 'fc1', 'fc2']);
    // What postMessage does: the buffers move (the sender's copies are detached), nothing is cloned number by number.
    const arrived = structuredClone({ values: packed.values }, { transfer: packed.transfer });
    expect(packed.values[0].weight!.byteLength).toBe(0);
    expect(arrived.values[0].weight).toBeInstanceOf(Float32Array);
    const image = grayToRgba(syntheticSix().data, 28, 28);
    const viaValues = await runPipeline(packed.pipeline, { image, scale: '0-1', backend: cpuBackend, values: arrived.values }, new ModelCache());
    const inline = await runPipeline(pipeline, { image, scale: '0-1', backend: cpuBackend }, new ModelCache());
    expect(viaValues.outputs).toEqual(inline.outputs);
  });

  it('keep their version while the studio keeps the same arrays, so the worker rebuilds only changed layers', () => {
    const pipeline = trainedPipeline();
    const first = packLayerValues(pipeline);
    const again = packLayerValues(pipeline);
    expect(again.values.map((v) => v.version)).toEqual(first.values.map((v) => v.version));
    const fc2 = pipeline.nodes.find((n) => n.id === 'fc2') as LayerNode & { weight: { values: number[] } };
    const edited = { ...pipeline, nodes: pipeline.nodes.map((n) => (n === fc2 ? ({ ...fc2, weight: { values: fc2.weight.values.map((v) => v * 2) } } as LayerNode) : n)) };
    const changed = packLayerValues(edited);
    expect(changed.values.filter((v, i) => v.version !== first.values[i].version).map((v) => v.id)).toEqual(['fc2']);
    const cache = new ModelCache();
    const before = cache.get(first.pipeline, undefined, first.values);
    const after = cache.get(changed.pipeline, undefined, changed.values);
    expect(after.parameters.get('conv1')).toBe(before.parameters.get('conv1'));
    expect(after.parameters.get('fc2')).not.toBe(before.parameters.get('fc2'));
  });

  it('refuse values that do not fit the layer, naming node and field', () => {
    const pipeline = trainedPipeline();
    const { pipeline: stripped, values } = packLayerValues(pipeline);
    values[0].weight = new Float32Array(3);
    expect(() => new ModelCache().get(stripped, undefined, values)).toThrow(/node "conv1" \(conv2d\): weight\.values: needs \d+ values for shape \[[\d,]+\], got 3/);
  });

  it('send copies of Float32Arrays the document holds, so transferring them never detaches the document\'s', async () => {
    const typed = float32Pipeline();
    const held = (typed.nodes.find((n) => n.id === 'conv1') as { weight: { values: Float32Array } }).weight.values;
    const kept = held.slice();
    const packed = packLayerValues(typed);
    expect(packed.values[0].weight).not.toBe(held);
    expect(packed.values[0].weight).toEqual(held);
    expect(JSON.stringify(packed.pipeline)).not.toMatch(/"values"|biasValues/);
    structuredClone({ values: packed.values }, { transfer: packed.transfer });
    expect(packed.values[0].weight!.byteLength).toBe(0);
    expect(held).toEqual(kept);
    expect(held.length).toBeGreaterThan(0);
    // The same arrays keep their version; the worker computes what the number arrays gave.
    expect(packLayerValues(typed).values.map((v) => v.version)).toEqual(packed.values.map((v) => v.version));
    const image = grayToRgba(syntheticSix().data, 28, 28);
    const again = packLayerValues(typed);
    const viaTyped = await runPipeline(again.pipeline, { image, scale: '0-1', backend: cpuBackend, values: again.values }, new ModelCache());
    const inline = await runPipeline(trainedPipeline(), { image, scale: '0-1', backend: cpuBackend }, new ModelCache());
    expect(viaTyped.outputs).toEqual(inline.outputs);
  });

  it('with `sent`, copy only layers the worker does not hold yet; the worker\'s store fills in the rest', async () => {
    const pipeline = trainedPipeline();
    const sent = new Map<string, string>();
    const store = new LayerValuesStore();
    const first = packLayerValues(pipeline, sent);
    expect(first.values.every((v) => v.weight && !v.kept)).toBe(true);
    const arrived = store.fill(structuredClone(first.values, { transfer: first.transfer }));
    const fc2 = pipeline.nodes.find((n) => n.id === 'fc2') as LayerNode & { weight: { values: number[] } };
    const edited = { ...pipeline, nodes: pipeline.nodes.map((n) => (n === fc2 ? ({ ...fc2, weight: { values: fc2.weight.values.map((v) => v / 2) } } as LayerNode) : n)) };
    const second = packLayerValues(edited, sent);
    expect(second.values.filter((v) => !v.kept).map((v) => v.id)).toEqual(['fc2']);
    expect(second.values.filter((v) => v.kept).every((v) => v.weight === undefined && v.bias === undefined)).toBe(true);
    expect(second.transfer).toHaveLength(2);
    const filled = store.fill(structuredClone(second.values, { transfer: second.transfer }));
    expect(filled[0]).toBe(arrived[0]);
    expect(filled.map((v) => v.id)).toEqual(['conv1', 'conv2', 'fc1', 'fc2']);
    const image = grayToRgba(syntheticSix().data, 28, 28);
    const viaStore = await runPipeline(second.pipeline, { image, scale: '0-1', backend: cpuBackend, values: filled }, new ModelCache());
    const inline = await runPipeline(edited, { image, scale: '0-1', backend: cpuBackend }, new ModelCache());
    expect(viaStore.outputs).toEqual(inline.outputs);
    // A kept version the worker never got is a bug to hear about, not a run with other weights.
    expect(() => new LayerValuesStore().fill([{ id: 'conv1', version: '1:2', kept: true }])).toThrow('the run worker was not given the values of layer "conv1" (version 1:2; it holds none)');
  });

  it('move a spare copy offered for an array instead of copying it on the page, once; later messages copy', () => {
    const typed = float32Pipeline();
    const conv1 = typed.nodes.find((n) => n.id === 'conv1') as LayerNode & { weight: { values: Float32Array }; biasValues: Float32Array };
    const spare = (conv1.weight.values as Float32Array).slice();
    offerSpareCopy(conv1.weight.values, spare);
    const first = packLayerValues(typed);
    expect(first.values[0].weight).toBe(spare);
    expect(first.values[0].bias).not.toBe(conv1.biasValues); // no spare offered: a copy
    expect(first.transfer).toContain(spare.buffer);
    structuredClone(first.values, { transfer: first.transfer });
    expect(conv1.weight.values.byteLength).toBeGreaterThan(0); // the document's array stays whole
    // Taken once: a fresh worker (no `sent`) gets a copy of the document's values.
    const second = packLayerValues(typed);
    expect(second.values[0].weight === spare).toBe(false); // (spare is detached: not printable)
    expect(second.values[0].weight).toEqual(conv1.weight.values);
    // A spare that was moved some other way is not sent detached.
    const moved = (conv1.weight.values as Float32Array).slice();
    offerSpareCopy(conv1.weight.values, moved);
    structuredClone(moved, { transfer: [moved.buffer] });
    expect(packLayerValues(typed).values[0].weight).toEqual(conv1.weight.values);
  });

  it('refuse a spare that shares a buffer or does not hold the same number of values', () => {
    const values = new Float32Array(8);
    expect(() => offerSpareCopy(values, values.subarray(0, 8))).toThrow('offerSpareCopy: the copy must be 8 values in an ArrayBuffer of its own, got 8 values at byte 0 of 32, in the array\'s own buffer');
    expect(() => offerSpareCopy(values, new Float32Array(4))).toThrow(/must be 8 values .* got 4 values/);
    expect(() => offerSpareCopy(values, new Float32Array(16).subarray(8))).toThrow(/got 8 values at byte 32 of 64/);
  });
});
