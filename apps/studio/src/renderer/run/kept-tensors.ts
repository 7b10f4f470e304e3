import { Tensor, type Pipeline } from '@convstudio/core';
import type { NodeOutput } from './run-protocol.js';

/**
 * A run's outputs (or weights) as tensors by node id, keeping the previous run's Tensor object
 * wherever the values are bit for bit the same. A kernel edit changes only the layers after it:
 * the input and the layers before it keep their objects, so the views memoised on them (feature
 * map grids, their ranges and canvases) skip their work instead of redrawing equal pixels.
 *
 * @example
 * const outputs = keptTensors(previous.outputs, result.outputs); // outputs.get('input') === previous.outputs.get('input')
 *
 * With `keepOthers`, the previous tensors of ids not in `next` stay too (a run's first layers
 * shown beside the last result's other maps).
 */
export function keptTensors(previous: ReadonlyMap<string, Tensor>, next: readonly NodeOutput[], keepOthers = false): Map<string, Tensor> {
  const tensors = new Map(keepOthers ? previous : []);
  for (const o of next) {
    const old = previous.get(o.id);
    tensors.set(o.id, old && sameShape(old.shape, o.shape) && sameBits(old.data, o.data) ? old : new Tensor(o.data, o.shape));
  }
  return tensors;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Equal bit patterns (so NaN equals NaN and -0 differs from 0, as the pixels would). */
function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * What a pipeline's outputs depend on besides its values: the nodes' kinds and parameters and
 * the edges. Two pipelines with the same key give outputs of the same ids and shapes, so a
 * run's first layers can be shown beside the previous run's other maps.
 *
 * @example
 * outputStructure(withWeightEdits(p, 'conv1', base, [[0, 1]])) === outputStructure(p); // true
 */
export function outputStructure(pipeline: Pipeline): string {
  const nodes = pipeline.nodes.map((n) => [n.id, n.kind, n.params]);
  return JSON.stringify([nodes, pipeline.edges.map((e) => [e.source, e.target, e.port ?? null])]);
}
