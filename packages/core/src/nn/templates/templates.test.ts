import { describe, expect, it } from 'vitest';
import { runWorkedExample } from '../../analysis/worked-example.js';
import { syntheticSix } from '../../data/synthetic-digits.js';
import { randn, type Tensor } from '../../tensor.js';
import { createModel, run } from '../model.js';
import { parsePipeline } from '../parse-pipeline.js';
import type { Pipeline } from '../pipeline-types.js';
import { inferShapes, type ShapeReport } from '../shape-inference.js';
import { alexNet, cnnVsFcn, leNet5, mnistCnn, smallFcn, templates, tinyVgg, workedExamplePipeline } from './index.js';

/** Parses the JSON text the studio would save, then infers shapes; fails with every issue's message. */
function checked(pipeline: Pipeline): ShapeReport {
  const parsed = parsePipeline(JSON.parse(JSON.stringify(pipeline)));
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('\n'));
  const report = inferShapes(parsed.pipeline);
  if (report.issues.length > 0) throw new Error(report.issues.map((i) => i.message).join('\n'));
  expect(report.nodes).toHaveLength(pipeline.nodes.length);
  return report;
}

const outputOf = (report: ShapeReport, id: string) => report.byId.get(id)?.shapes.output;
const size = (shape: number[] | undefined) => (shape ?? []).reduce((a, b) => a * b, 1);

/** Weights plus biases, counted from the inferred parameter shapes. */
const parameterCount = (report: ShapeReport) => report.nodes.reduce((sum, n) => sum + (n.shapes.weight ? size(n.shapes.weight) : 0) + (n.shapes.bias ? size(n.shapes.bias) : 0), 0);

describe('templates', () => {
  it.each(templates.map((t) => [t.id, t] as const))('%s parses, infers and describes itself', (_id, template) => {
    const pipeline = template.build();
    checked(pipeline);
    expect(pipeline).toMatchObject({ format: 'convstudio-pipeline', version: 1 });
    expect(pipeline.name).toBeTruthy();
    expect(pipeline.description).toBeTruthy();
    expect(typeof pipeline.seed).toBe('number');
    expect(template.title).toBeTruthy();
  });

  it('have unique ids', () => {
    expect(new Set(templates.map((t) => t.id)).size).toBe(templates.length);
  });

  it("AlexNet is torchvision's: 256x6x6 features, 1000 logits, 61,100,840 parameters", () => {
    const report = checked(alexNet());
    expect(outputOf(report, 'conv1')).toEqual([64, 55, 55]);
    expect(outputOf(report, 'pool1')).toEqual([64, 27, 27]);
    expect(outputOf(report, 'pool2')).toEqual([192, 13, 13]);
    expect(outputOf(report, 'pool5')).toEqual([256, 6, 6]);
    expect(outputOf(report, 'flatten')).toEqual([9216]);
    expect(outputOf(report, 'fc3')).toEqual([1000]);
    expect(parameterCount(report)).toBe(61_100_840);
  });

  it('LeNet-5 has 61,706 parameters', () => {
    // conv1 6*1*25 + 6 = 156; conv2 16*6*25 + 16 = 2,416; fc1 400*120 + 120 = 48,120;
    // fc2 120*84 + 84 = 10,164; fc3 84*10 + 10 = 850. 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706.
    const report = checked(leNet5());
    expect(outputOf(report, 'pool2')).toEqual([16, 5, 5]);
    expect(parameterCount(report)).toBe(61_706);
  });

  it("Tiny VGG's maps shrink 62, 60, 30, 28, 26, 13 to 1,690 features", () => {
    const report = checked(tinyVgg());
    expect(['conv1', 'conv2', 'pool1', 'conv3', 'conv4', 'pool2'].map((id) => outputOf(report, id))).toEqual(
      [62, 60, 30, 28, 26, 13].map((n) => [10, n, n]),
    );
    expect(outputOf(report, 'flatten')).toEqual([1690]);
    expect(outputOf(report, 'softmax')).toEqual([10]);
    expect(parameterCount(report)).toBe(19_920);
  });

  it('the worked example goes 28 -> 24 -> 8 with frozen preset kernels and no bias', () => {
    const pipeline = workedExamplePipeline();
    const report = checked(pipeline);
    expect(outputOf(report, 'conv1')).toEqual([2, 24, 24]);
    expect(outputOf(report, 'pool1')).toEqual([2, 8, 8]);
    expect(report.byId.get('conv1')?.shapes.bias).toBeUndefined();
    expect(pipeline.nodes.find((n) => n.id === 'conv1')).toMatchObject({ weight: { presets: ['diagonalEdge', 'rotatedDiagonalEdge'] }, frozen: true });
  });

  it('the small FCN outputs a map the size of its input, using both upsampling kinds and both skips', () => {
    const pipeline = smallFcn();
    const report = checked(pipeline);
    expect(outputOf(report, 'head')).toEqual([2, 28, 28]);
    expect(outputOf(report, 'skip1')).toEqual([32, 14, 14]);
    expect(report.byId.get('skip1')?.inputIds).toEqual(['up1', 'relu2']);
    expect(outputOf(report, 'skip2')).toEqual([8, 28, 28]);
    const kinds = new Set(pipeline.nodes.map((n) => n.kind));
    for (const kind of ['convTranspose2d', 'upConvolution', 'concat', 'add']) expect(kinds).toContain(kind);
    for (const kind of ['flatten', 'linear']) expect(kinds).not.toContain(kind);
  });

  it('the MNIST CNN maps 1x28x28 to 10 logits with 52,138 parameters', () => {
    // conv1 8*9 + 8 = 80; conv2 16*8*9 + 16 = 1,168; fc1 784*64 + 64 = 50,240; fc2 64*10 + 10 = 650.
    const report = checked(mnistCnn());
    expect(outputOf(report, 'fc2')).toEqual([10]);
    expect(parameterCount(report)).toBe(52_138);
  });

  it('CNN vs FCN: the same front, class scores against a dense map', () => {
    const { cnn, fcn } = cnnVsFcn();
    const cnnReport = checked(cnn);
    const fcnReport = checked(fcn);
    const front = ['input', 'conv1', 'relu1', 'pool1', 'conv2', 'relu2', 'pool2'];
    expect(fcn.nodes.filter((n) => front.includes(n.id))).toEqual(cnn.nodes.filter((n) => front.includes(n.id)));
    expect(fcn.seed).toBe(cnn.seed);
    expect(outputOf(cnnReport, 'fc2')).toEqual([10]);
    expect(outputOf(fcnReport, 'head')).toEqual([11, 28, 28]);
    expect(fcn.nodes.map((n) => n.kind)).not.toContain('linear');
  });

  it.each(['worked-example', 'mnist-cnn', 'lenet5', 'tiny-vgg', 'cnn', 'fcn', 'small-fcn'])('%s runs forward to its inferred output shape', (id) => {
    const pipeline = templates.find((t) => t.id === id)?.build() as Pipeline;
    const model = createModel(pipeline);
    const [c, h, w] = outputOf(model.shapes, model.inputId) as number[];
    const outputs = model.forward(randn([2, c, h, w], { seed: 3 }));
    expect((outputs.get(model.outputId) as Tensor).shape).toEqual([2, ...(outputOf(model.shapes, model.outputId) as number[])]);
  });

  it('the worked example pipeline computes what the document computes', () => {
    const pooled = run(workedExamplePipeline(), syntheticSix()).get('pool1') as Tensor;
    const { diagonal, rotatedDiagonal } = runWorkedExample();
    const expected = [...diagonal.pooled.data, ...rotatedDiagonal.pooled.data];
    expect(pooled.shape).toEqual([1, 2, 8, 8]);
    pooled.data.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 3));
  });
});
