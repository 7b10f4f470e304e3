import { computeConv2dInfo, computeConvTranspose2dInfo } from '../conv-info.js';
import { fail, formatShape } from '../errors.js';
import { leakyRelu, leakyReluBackward, relu, reluBackward, sigmoid, sigmoidBackward, tanh, tanhBackward } from '../ops/activations.js';
import { add, concat, concatBackward, flatten } from '../ops/combine.js';
import { conv2d, conv2dBackward } from '../ops/conv2d.js';
import { convTranspose2d, convTranspose2dBackward } from '../ops/conv-transpose2d.js';
import { linear, linearBackward } from '../ops/linear.js';
import { checkNormalizeRange, normalize, normalizeBackward } from '../ops/normalize.js';
import { avgPool2d, avgPool2dBackward, globalAvgPool2d, globalAvgPool2dBackward, maxPool2d, maxPool2dBackward } from '../ops/pool.js';
import { softmax, softmaxBackward } from '../ops/softmax.js';
import { upConvolution, upConvolutionBackward } from '../ops/up-convolution.js';
import { computePool2dInfo } from '../pool-info.js';
import type { Pair } from '../shape.js';
import type { Tensor } from '../tensor.js';
import type { LayerKind } from './layer-params.js';
import type { NodeOf } from './pipeline-types.js';

/** A layer's learnable tensors. */
export interface LayerParameters {
  weight?: Tensor;
  bias?: Tensor;
}

/** Shapes a layer produces: its per-sample output and its parameters. */
export interface LayerShapes {
  output: number[];
  weight?: number[];
  bias?: number[];
}

/** Gradients of one layer: for each input, and for its parameters. */
export interface LayerGradients {
  inputs: Tensor[];
  weight?: Tensor;
  bias?: Tensor;
}

/**
 * One layer kind: shape inference, forward and backward side by side, all calling core ops.
 * Shapes here are per sample (no batch axis): [C, H, W] for maps, [F] for flat features.
 */
export interface LayerDefinition<K extends LayerKind> {
  infer(node: NodeOf<K>, inputs: number[][]): LayerShapes;
  forward(node: NodeOf<K>, inputs: Tensor[], parameters: LayerParameters): Tensor;
  backward(node: NodeOf<K>, dy: Tensor, inputs: Tensor[], output: Tensor, parameters: LayerParameters): LayerGradients;
}

const pairOf = (value: Pair): [number, number] => (typeof value === 'number' ? [value, value] : [value[0], value[1]]);

function expectMaps(kind: string, shape: number[]): [number, number, number] {
  if (shape.length !== 3) {
    fail(kind, 'input', `expects feature maps [C,H,W], got flat features ${formatShape(shape)}; put it before flatten/linear`);
  }
  return shape as [number, number, number];
}

function expectFlat(kind: string, shape: number[]): number {
  if (shape.length !== 1) fail(kind, 'input', `expects flat features [F], got maps ${formatShape(shape)}; insert a flatten node before it`);
  return shape[0];
}

const sameShape = (shape: number[]): LayerShapes => ({ output: [...shape] });
const withBias = (useBias: boolean | undefined, channels: number) => (useBias ?? true ? [channels] : undefined);

const conv2dLayer: LayerDefinition<'conv2d'> = {
  infer({ params }, [shape]) {
    const [c, h, w] = expectMaps('conv2d', shape);
    const [kh, kw] = pairOf(params.kernelSize);
    const weight = [params.outChannels, c / (params.groups ?? 1), kh, kw];
    if (!Number.isInteger(weight[1])) fail('conv2d', 'groups', `(${params.groups}) must divide the input channels (${c})`);
    const info = computeConv2dInfo('conv2d', [1, c, h, w], weight, params);
    return { output: [info.outChannels, info.outHeight, info.outWidth], weight, bias: withBias(params.bias, params.outChannels) };
  },
  forward: ({ params }, [x], p) => conv2d(x, p.weight as Tensor, { ...params, bias: p.bias }),
  backward({ params }, dy, [x], _y, p) {
    const g = conv2dBackward(dy, x, p.weight as Tensor, { ...params, bias: p.bias });
    return { inputs: [g.dx], weight: g.dweight, bias: g.dbias };
  },
};

const convTranspose2dLayer: LayerDefinition<'convTranspose2d'> = {
  infer({ params }, [shape]) {
    const [c, h, w] = expectMaps('convTranspose2d', shape);
    const [kh, kw] = pairOf(params.kernelSize);
    const groups = params.groups ?? 1;
    if (params.outChannels % groups !== 0) fail('convTranspose2d', 'groups', `(${groups}) must divide the output channels (${params.outChannels})`);
    const weight = [c, params.outChannels / groups, kh, kw];
    const info = computeConvTranspose2dInfo('convTranspose2d', [1, c, h, w], weight, params);
    return { output: [info.inChannels, info.inHeight, info.inWidth], weight, bias: withBias(params.bias, params.outChannels) };
  },
  forward: ({ params }, [x], p) => convTranspose2d(x, p.weight as Tensor, { ...params, bias: p.bias }),
  backward({ params }, dy, [x], _y, p) {
    const g = convTranspose2dBackward(dy, x, p.weight as Tensor, { ...params, bias: p.bias });
    return { inputs: [g.dx], weight: g.dweight, bias: g.dbias };
  },
};

const upConvolutionLayer: LayerDefinition<'upConvolution'> = {
  infer({ params }, [shape]) {
    const [c, h, w] = expectMaps('upConvolution', shape);
    const [kh, kw] = pairOf(params.kernelSize);
    const factor = params.factor ?? 2;
    const [ph, pw] = pairOf(params.padding ?? [Math.floor(kh / 2), Math.floor(kw / 2)]);
    const weight = [params.outChannels, c, kh, kw];
    const info = computeConv2dInfo('upConvolution', [1, c, (h - 1) * factor + 1, (w - 1) * factor + 1], weight, { padding: [ph, pw] });
    return { output: [info.outChannels, info.outHeight, info.outWidth], weight, bias: withBias(params.bias, params.outChannels) };
  },
  forward: ({ params }, [x], p) => upConvolution(x, p.weight as Tensor, { ...params, bias: p.bias }),
  backward({ params }, dy, [x], _y, p) {
    const g = upConvolutionBackward(dy, x, p.weight as Tensor, { ...params, bias: p.bias });
    return { inputs: [g.dx], weight: g.dweight, bias: g.dbias };
  },
};

const maxPool2dLayer: LayerDefinition<'maxPool2d'> = {
  infer({ params }, [shape]) {
    const info = computePool2dInfo('maxPool2d', [1, ...expectMaps('maxPool2d', shape)], params);
    return { output: [info.channels, info.outHeight, info.outWidth] };
  },
  forward: ({ params }, [x]) => maxPool2d(x, params),
  backward: ({ params }, dy, [x]) => ({ inputs: [maxPool2dBackward(dy, x, params)] }),
};

const avgPool2dLayer: LayerDefinition<'avgPool2d'> = {
  infer({ params }, [shape]) {
    const info = computePool2dInfo('avgPool2d', [1, ...expectMaps('avgPool2d', shape)], params);
    return { output: [info.channels, info.outHeight, info.outWidth] };
  },
  forward: ({ params }, [x]) => avgPool2d(x, params),
  backward: ({ params }, dy, [x]) => ({ inputs: [avgPool2dBackward(dy, x, params)] }),
};

const globalAvgPool2dLayer: LayerDefinition<'globalAvgPool2d'> = {
  infer: (_node, [shape]) => ({ output: [expectMaps('globalAvgPool2d', shape)[0], 1, 1] }),
  forward: (_node, [x]) => globalAvgPool2d(x),
  backward: (_node, dy, [x]) => ({ inputs: [globalAvgPool2dBackward(dy, x)] }),
};

function pointwise<K extends 'relu' | 'sigmoid' | 'tanh'>(forward: (x: Tensor) => Tensor, backward: (dy: Tensor, x: Tensor) => Tensor): LayerDefinition<K> {
  return {
    infer: (_node, [shape]) => sameShape(shape),
    forward: (_node, [x]) => forward(x),
    backward: (_node, dy, [x]) => ({ inputs: [backward(dy, x)] }),
  };
}

const leakyReluLayer: LayerDefinition<'leakyRelu'> = {
  infer: (_node, [shape]) => sameShape(shape),
  forward: ({ params }, [x]) => leakyRelu(x, params),
  backward: ({ params }, dy, [x]) => ({ inputs: [leakyReluBackward(dy, x, params)] }),
};

const flattenLayer: LayerDefinition<'flatten'> = {
  infer: (_node, [shape]) => ({ output: [shape.reduce((a, b) => a * b, 1)] }),
  forward: (_node, [x]) => flatten(x),
  backward: (_node, dy, [x]) => ({ inputs: [dy.reshape(x.shape)] }),
};

const linearLayer: LayerDefinition<'linear'> = {
  infer({ params }, [shape]) {
    const features = expectFlat('linear', shape);
    return { output: [params.outFeatures], weight: [params.outFeatures, features], bias: withBias(params.bias, params.outFeatures) };
  },
  forward: (_node, [x], p) => linear(x, p.weight as Tensor, p.bias),
  backward(_node, dy, [x], _y, p) {
    const g = linearBackward(dy, x, p.weight as Tensor, p.bias);
    return { inputs: [g.dx], weight: g.dweight, bias: g.dbias };
  },
};

const softmaxLayer: LayerDefinition<'softmax'> = {
  infer({ params }, [shape]) {
    const rank = shape.length + 1;
    const dim = params.dim ?? 1;
    if (dim < -rank || dim >= rank || dim === 0 || dim === -rank) fail('softmax', 'dim', `must name a non-batch axis in [1, ${rank - 1}] (or a negative one), got ${dim}`);
    return sameShape(shape);
  },
  forward: ({ params }, [x]) => softmax(x, params),
  backward: ({ params }, dy, _inputs, y) => ({ inputs: [softmaxBackward(dy, y, params)] }),
};

const normalizeLayer: LayerDefinition<'normalize'> = {
  infer({ params }, [shape]) {
    checkNormalizeRange('normalize', params.min ?? 0, params.max ?? 255);
    return sameShape(shape);
  },
  forward: ({ params }, [x]) => normalize(x, params),
  backward: ({ params }, dy, [x]) => ({ inputs: [normalizeBackward(dy, x, params)] }),
};

const addLayer: LayerDefinition<'add'> = {
  infer(_node, shapes) {
    shapes.forEach((s, i) => {
      if (s.join() !== shapes[0].join()) fail('add', `inputs[${i}]`, `shape ${formatShape(s)} must equal the first input's ${formatShape(shapes[0])}`);
    });
    return sameShape(shapes[0]);
  },
  forward: (_node, inputs) => inputs.slice(1).reduce((sum, x) => add(sum, x), inputs[0]),
  backward: (_node, dy, inputs) => ({ inputs: inputs.map(() => dy) }),
};

const concatLayer: LayerDefinition<'concat'> = {
  infer({ params }, shapes) {
    const rank = shapes[0].length + 1;
    const raw = params.axis ?? 1;
    const axis = (raw < 0 ? raw + rank : raw) - 1;
    if (axis < 0 || axis >= rank - 1) fail('concat', 'axis', `must name a non-batch axis in [1, ${rank - 1}], got ${raw}`);
    shapes.forEach((s, i) => {
      if (s.length !== shapes[0].length || s.some((d, j) => j !== axis && d !== shapes[0][j])) {
        fail('concat', `inputs[${i}]`, `shape ${formatShape(s)} must match ${formatShape(shapes[0])} on every axis but ${axis + 1}`);
      }
    });
    const output = [...shapes[0]];
    output[axis] = shapes.reduce((sum, s) => sum + s[axis], 0);
    return { output };
  },
  forward: ({ params }, inputs) => concat(inputs, params),
  backward: ({ params }, dy, inputs) => ({ inputs: concatBackward(dy, inputs, params) }),
};

/** Every layer kind's definition. */
export const layers: { [K in LayerKind]: LayerDefinition<K> } = {
  conv2d: conv2dLayer,
  convTranspose2d: convTranspose2dLayer,
  upConvolution: upConvolutionLayer,
  maxPool2d: maxPool2dLayer,
  avgPool2d: avgPool2dLayer,
  globalAvgPool2d: globalAvgPool2dLayer,
  relu: pointwise(relu, reluBackward),
  leakyRelu: leakyReluLayer,
  sigmoid: pointwise(sigmoid, sigmoidBackward),
  tanh: pointwise(tanh, tanhBackward),
  flatten: flattenLayer,
  linear: linearLayer,
  softmax: softmaxLayer,
  normalize: normalizeLayer,
  add: addLayer,
  concat: concatLayer,
};
