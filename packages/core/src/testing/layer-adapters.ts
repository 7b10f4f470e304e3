import { evalContext } from '../nn/layer-definitions.js';
import { type AnyLayerSpec, layerKinds, layerSpec } from '../nn/layers/index.js';
import type { Tensor } from '../tensor.js';
import type { OpAdapter, TensorArgs } from './golden-adapters.js';

// Golden fixtures name a layer's inputs `x` (one input), `a`/`b` (add) or `xs` (concat), and its
// parameters `weight`/`bias`. These adapters run the fixtures through the layer specs themselves,
// so the conformance suite proves each registered kind's forward and backward against PyTorch.

function inputsOf(args: TensorArgs): { list: Tensor[]; names: string[] | 'xs' } {
  if (Array.isArray(args.xs)) return { list: args.xs, names: 'xs' };
  const names = 'x' in args ? ['x'] : Object.keys(args).filter((k) => k !== 'weight' && k !== 'bias');
  return { list: names.map((n) => args[n] as Tensor), names };
}

/**
 * An adapter that calls a layer spec's forward and backward (evaluation mode) with a golden
 * case's params and tensors.
 *
 * @example
 * layerAdapter(layerSpec('conv2d')).forward({ x, weight }, { padding: 1 });
 */
export function layerAdapter(spec: AnyLayerSpec): OpAdapter {
  const parameters = (args: TensorArgs) => ({ weight: args.weight as Tensor | undefined, bias: args.bias as Tensor | undefined });
  return {
    forward: (args, params) => spec.forward(params, inputsOf(args).list, parameters(args), evalContext()),
    backward(dy, args, params) {
      const { list, names } = inputsOf(args);
      const output = spec.forward(params, list, parameters(args), evalContext());
      const g = spec.backward(params, dy, list, output, parameters(args), evalContext());
      const grads: TensorArgs = names === 'xs' ? { xs: g.inputs } : Object.fromEntries(names.map((n, i) => [n, g.inputs[i]]));
      if (g.weight) grads.weight = g.weight;
      if (g.bias) grads.bias = g.bias;
      return grads;
    },
  };
}

/** One adapter per layer kind, keyed by the kind's conformance op. */
export function layerAdapters(): Record<string, OpAdapter> {
  return Object.fromEntries(layerKinds.map((kind) => [layerSpec(kind).conformanceOp, layerAdapter(layerSpec(kind))]));
}
