import { describe, expect, it } from 'vitest';
import { createModel } from '../nn/model.js';
import type { Pipeline, PipelineNode } from '../nn/pipeline-types.js';
import { chain, node, pipelineOf } from '../nn/templates/chain.js';
import { alexNet, smallFcn, workedExamplePipeline } from '../nn/templates/index.js';
import { randn, Tensor } from '../tensor.js';
import { inputRegion, type Region, type ReceptiveFieldReport, receptiveFields } from './receptive-field.js';

function reportOf(pipeline: Pipeline): ReceptiveFieldReport {
  const result = receptiveFields(pipeline);
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('\n'));
  return result.report;
}

const square = (size: number, jump: number, start: number) => ({ size, jump, start });
const fieldOf = (report: ReceptiveFieldReport, id: string) => {
  const f = report.byId.get(id);
  return f && { height: f.height, width: f.width };
};
const both = (size: number, jump: number, start: number) => ({ height: square(size, jump, start), width: square(size, jump, start) });

const tiny = (input: [number, number, number], layers: PipelineNode[]) =>
  pipelineOf({ name: 't', description: 't', seed: 5 }, [chain([node('input', 'input', { channels: input[0], height: input[1], width: input[2] }), ...layers])]);

/**
 * The oracle: the input pixels output unit (0, y, x) of a node depends on, read from the
 * gradient of that unit with random weights (no ReLU or max pooling, so every path counts),
 * as a bounding box.
 */
function dependentBox(pipeline: Pipeline, nodeId: string, y: number, x: number): Region {
  const model = createModel(pipeline);
  const [c, h, w] = model.shapes.byId.get(model.inputId)?.shapes.output as number[];
  const activations = model.forward(randn([1, c, h, w], { seed: 1 }));
  const out = activations.get(nodeId) as Tensor;
  const seed = new Float32Array(out.size);
  seed[y * out.shape[3] + x] = 1;
  const grad = model.backward(activations, new Tensor(seed, out.shape), nodeId).input;
  const rows: number[] = [];
  const cols: number[] = [];
  grad.data.forEach((g, i) => {
    if (g === 0) return;
    rows.push(Math.floor((i % (h * w)) / w));
    cols.push(i % w);
  });
  return { top: Math.min(...rows), left: Math.min(...cols), bottom: Math.max(...rows), right: Math.max(...cols) };
}

function expectInside(actual: Region, bound: Region): void {
  expect(actual.top).toBeGreaterThanOrEqual(bound.top);
  expect(actual.left).toBeGreaterThanOrEqual(bound.left);
  expect(actual.bottom).toBeLessThanOrEqual(bound.bottom);
  expect(actual.right).toBeLessThanOrEqual(bound.right);
}

describe('receptiveFields', () => {
  it("follows AlexNet to pool5's 195 pixels, jump 32", () => {
    const report = reportOf(alexNet());
    // size' = size + (k - 1)*jump, jump' = jump*s, start' = start + ((k - 1)/2 - p)*jump
    // conv1 k11 s4 p2: 1 + 10*1 = 11, jump 4, start 0 + (5 - 2)*1 = 3
    expect(fieldOf(report, 'conv1')).toEqual(both(11, 4, 3));
    expect(fieldOf(report, 'relu1')).toEqual(both(11, 4, 3));
    // pool1 k3 s2: 11 + 2*4 = 19, jump 8, start 3 + 1*4 = 7
    expect(fieldOf(report, 'pool1')).toEqual(both(19, 8, 7));
    // conv2 k5 p2: 19 + 4*8 = 51, jump 8, start 7 + (2 - 2)*8 = 7
    expect(fieldOf(report, 'conv2')).toEqual(both(51, 8, 7));
    // pool2 k3 s2: 51 + 2*8 = 67, jump 16, start 7 + 8 = 15
    expect(fieldOf(report, 'pool2')).toEqual(both(67, 16, 15));
    // conv3, conv4, conv5 k3 p1: +2*16 each: 99, 131, 163, start unchanged
    expect(fieldOf(report, 'conv3')).toEqual(both(99, 16, 15));
    expect(fieldOf(report, 'conv4')).toEqual(both(131, 16, 15));
    expect(fieldOf(report, 'conv5')).toEqual(both(163, 16, 15));
    // pool5 k3 s2: 163 + 2*16 = 195, jump 32, start 15 + 16 = 31
    expect(fieldOf(report, 'pool5')).toEqual(both(195, 32, 31));
    expect(report.byId.get('pool5')?.global).toBe(false);
    // flatten sees all 6x6 units: 195 + 5*32 = 355, centred at 31 + 2.5*32 = 111
    expect(fieldOf(report, 'flatten')).toEqual(both(355, 192, 111));
    expect(report.byId.get('flatten')?.global).toBe(true);
    expect(report.byId.get('fc3')?.global).toBe(true);
  });

  it("follows the worked example: a 5x5 convolution then 3x3/3 pooling sees 7 pixels, jump 3", () => {
    const report = reportOf(workedExamplePipeline());
    // conv 5x5 valid: 5, jump 1, start 2; pool 3/3: 5 + 2*1 = 7, jump 3, start 2 + 1 = 3
    expect(fieldOf(report, 'conv1')).toEqual(both(5, 1, 2));
    expect(fieldOf(report, 'normalize1')).toEqual(both(5, 1, 2));
    expect(fieldOf(report, 'pool1')).toEqual(both(7, 3, 3));
    // The last pooled unit (7, 7) reads conv rows 21..23, each seeing 5 input rows: 21..27.
    expect(inputRegion(report, 'pool1', 7, 7).region).toEqual({ top: 21, left: 21, bottom: 27, right: 27 });
  });

  it('widens a dilated kernel: 3x3 with dilation 2 sees 5 pixels', () => {
    const report = reportOf(tiny([1, 9, 9], [node('conv', 'conv2d', { outChannels: 1, kernelSize: 3, dilation: 2 })]));
    expect(fieldOf(report, 'conv')).toEqual(both(5, 1, 2));
  });

  it('gives the input region of a stride-2 padded convolution, inside and at the border', () => {
    // conv k3 s2 p1 on 8x8: size 3, jump 2, start 0 + (1 - 1)*1 = 0; unit (y, x) is centred at (2y, 2x).
    const pipeline = tiny([1, 8, 8], [node('conv', 'conv2d', { outChannels: 2, kernelSize: 3, stride: 2, padding: 1 })]);
    const report = reportOf(pipeline);
    expect(fieldOf(report, 'conv')).toEqual(both(3, 2, 0));
    // Unit (0, 0): rows and columns -1..1, of which 0..1 are in the image.
    expect(inputRegion(report, 'conv', 0, 0)).toEqual({ region: { top: -1, left: -1, bottom: 1, right: 1 }, clipped: { top: 0, left: 0, bottom: 1, right: 1 } });
    // Unit (2, 3): centre (4, 6): rows 3..5, columns 5..7.
    expect(inputRegion(report, 'conv', 2, 3)).toEqual({ region: { top: 3, left: 5, bottom: 5, right: 7 }, clipped: { top: 3, left: 5, bottom: 5, right: 7 } });
    expect(dependentBox(pipeline, 'conv', 2, 3)).toEqual({ top: 3, left: 5, bottom: 5, right: 7 });
  });

  it("uses the padding 'same' resolves to (the extra row at the bottom), not a guess", () => {
    // 8 / stride 2 -> 4 outputs; total padding (4 - 1)*2 + 3 - 8 = 1: 0 on top, 1 at the bottom.
    const pipeline = tiny([1, 8, 8], [node('conv', 'conv2d', { outChannels: 1, kernelSize: 3, stride: 2, padding: 'same' })]);
    const report = reportOf(pipeline);
    expect(fieldOf(report, 'conv')).toEqual(both(3, 2, 1));
    expect(inputRegion(report, 'conv', 3, 0)).toEqual({ region: { top: 6, left: 0, bottom: 8, right: 2 }, clipped: { top: 6, left: 0, bottom: 7, right: 2 } });
  });

  it('matches the gradient oracle on a chain of convolutions and average pooling', () => {
    const pipeline = tiny([1, 40, 41], [
      node('conv1', 'conv2d', { outChannels: 2, kernelSize: [3, 5], stride: [1, 2], padding: 'same' }),
      node('pool1', 'avgPool2d', { kernelSize: 2, stride: 2, padding: 1 }),
      node('conv2', 'conv2d', { outChannels: 2, kernelSize: 3, dilation: 2, padding: 1 }),
    ]);
    const report = reportOf(pipeline);
    const [, rows, cols] = report.byId.get('conv2')?.output as number[];
    // Away from the borders the field is exactly what the unit reads.
    for (const [y, x] of [[Math.floor(rows / 2), Math.floor(cols / 2)], [rows - 4, 3]]) {
      expect(inputRegion(report, 'conv2', y, x).clipped, `unit (${y}, ${x})`).toEqual(dependentBox(pipeline, 'conv2', y, x));
    }
    // At a border it also counts pixels that only intermediate padding stands for: a bound.
    for (const [y, x] of [[0, 0], [rows - 1, cols - 1]]) {
      expectInside(dependentBox(pipeline, 'conv2', y, x), inputRegion(report, 'conv2', y, x).clipped as Region);
    }
  });

  it('moves in half pixels after a stride-2 transposed convolution, and bounds what each unit reads', () => {
    const pipeline = tiny([1, 4, 4], [node('up', 'convTranspose2d', { outChannels: 1, kernelSize: 4, stride: 2, padding: 1 })]);
    const report = reportOf(pipeline);
    // jump 1/2; size 1 + 3*(1/2) = 2.5; start 0 + (1 - 3/2)*(1/2) = -0.25
    expect(fieldOf(report, 'up')).toEqual(both(2.5, 0.5, -0.25));
    // Output 0 receives inputs i with 2i = 0 + 1 - t, t = 0..3: i = 0 or -1 (outside the image).
    expect(inputRegion(report, 'up', 0, 0).region).toEqual({ top: -1, left: -1, bottom: 0, right: 0 });
    // Output 3: 2i = 4 - t: i = 1 or 2.
    expect(inputRegion(report, 'up', 3, 3).region).toEqual({ top: 1, left: 1, bottom: 2, right: 2 });
    expect(dependentBox(pipeline, 'up', 3, 3)).toEqual({ top: 1, left: 1, bottom: 2, right: 2 });
  });

  it("treats the document's up-convolution as the transposed convolution it equals", () => {
    // upConvolution k3 factor 2 padding 1 = convTranspose2d k3 stride 2 padding 3 - 1 - 1 = 1
    const up = reportOf(tiny([1, 4, 4], [node('up', 'upConvolution', { outChannels: 1, kernelSize: 3 })]));
    const transposed = reportOf(tiny([1, 4, 4], [node('up', 'convTranspose2d', { outChannels: 1, kernelSize: 3, stride: 2, padding: 1 })]));
    expect(fieldOf(up, 'up')).toEqual(fieldOf(transposed, 'up'));
    expect(fieldOf(up, 'up')).toEqual(both(2, 0.5, 0));
  });

  it('contains what every unit of the small FCN reads', () => {
    // Without the ReLUs and max pools, so that the gradient reaches every pixel a unit depends on.
    const linearised = smallFcn();
    linearised.nodes = linearised.nodes.map((n) => (n.kind === 'relu' ? { ...n, kind: 'leakyRelu', params: { negativeSlope: 1 } } : n.kind === 'maxPool2d' ? { ...n, kind: 'avgPool2d' } : n) as PipelineNode);
    const report = reportOf(linearised);
    for (const [y, x] of [[0, 0], [5, 9], [14, 14], [27, 27]]) {
      expectInside(dependentBox(linearised, 'head', y, x), inputRegion(report, 'head', y, x).clipped as Region);
    }
  });

  it('takes the union of an add, and says when its inputs move at different rates', () => {
    const input = node('input', 'input', { channels: 1, height: 8, width: 8 });
    const pipeline = pipelineOf({ name: 't', description: 't', seed: 1 }, [
      chain([input, node('strided', 'conv2d', { outChannels: 1, kernelSize: 3, stride: 2, padding: 1 })]),
      chain([node('wide', 'conv2d', { outChannels: 1, kernelSize: 5, stride: 1 })], 'input'),
      { nodes: [node('sum', 'add')], edges: [{ source: 'strided', target: 'sum' }, { source: 'wide', target: 'sum' }] },
    ]);
    const report = reportOf(pipeline);
    // strided: size 3, jump 2, start 0 -> unit 0 covers -1..1; wide: size 5, jump 1, start 2 -> 0..4.
    // Hull -1..4: size 6, centre 1.5; the larger jump.
    expect(fieldOf(report, 'sum')).toEqual(both(6, 2, 1.5));
    expect(report.byId.get('sum')?.notes.join()).toContain('different rates');
  });

  it('covers the whole map from global average pooling on', () => {
    const report = reportOf(tiny([1, 6, 6], [node('conv', 'conv2d', { outChannels: 1, kernelSize: 3 }), node('gap', 'globalAvgPool2d')]));
    // conv 3 valid on 6: 4x4 units, size 3, start 1; the pool spans 4 units: 3 + 3*1 = 6, centre 1 + 1.5 = 2.5
    expect(fieldOf(report, 'gap')).toEqual(both(6, 4, 2.5));
    expect(report.byId.get('gap')?.global).toBe(true);
    expect(inputRegion(report, 'gap', 0, 0).region).toEqual({ top: 0, left: 0, bottom: 5, right: 5 });
  });

  it('refuses units outside a node and reports inference issues', () => {
    const report = reportOf(alexNet());
    expect(() => inputRegion(report, 'conv1', 55, 0)).toThrow(/outside node "conv1"'s 55x55 output/);
    expect(() => inputRegion(report, 'fc1', 1, 0)).toThrow(/flat features/);
    expect(() => inputRegion(report, 'nope', 0, 0)).toThrow(/names no node/);
    const result = receptiveFields(tiny([1, 4, 4], [node('conv', 'conv2d', { outChannels: 1, kernelSize: 5 })]));
    expect(result.ok).toBe(false);
  });
});
