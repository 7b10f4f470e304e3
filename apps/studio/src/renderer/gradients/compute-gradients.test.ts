import { cpuBackend, mnistCnn, syntheticSix, workedExamplePipeline, type Pipeline } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { grayToRgba } from '../images/load-image.js';
import { ModelCache, runPipeline } from '../run/run-pipeline.js';
import type { CellArithmetic, GradientRequest } from './gradient-protocol.js';

const sixImage = () => grayToRgba(syntheticSix().data, 28, 28);
const run = (pipeline: Pipeline, gradient: GradientRequest) => runPipeline(pipeline, { image: sixImage(), scale: '0-1', backend: cpuBackend, gradient }, new ModelCache());

/** The document's sum, term by term, in float64. */
const termSum = (cell: CellArithmetic) => cell.dOutput.reduce((sum, d, k) => sum + d * cell.x[k], 0);

// A convolution with every geometry option the arithmetic must honour.
const awkwardConv: Pipeline = {
  format: 'convstudio-pipeline',
  version: 1,
  seed: 3,
  nodes: [
    { id: 'in', kind: 'input', params: { channels: 1, height: 28, width: 28 } },
    { id: 'c1', kind: 'conv2d', params: { outChannels: 4, kernelSize: 3, padding: 1 } },
    { id: 'c2', kind: 'conv2d', params: { outChannels: 4, kernelSize: [3, 2], stride: [2, 3], padding: [2, 1], dilation: [2, 1], groups: 2 } },
    { id: 'r', kind: 'tanh', params: {} },
  ],
  edges: [{ source: 'in', target: 'c1' }, { source: 'c1', target: 'c2' }, { source: 'c2', target: 'r' }],
} as Pipeline;

describe('computeGradients', () => {
  it('a class score seeds a one-hot gradient at the logits and the probabilities sum to 1', async () => {
    const { gradients, outputs } = await run(mnistCnn(), { target: { kind: 'class', index: 3 } });
    expect(gradients?.target).toMatchObject({ kind: 'class', index: 3, nodeId: 'fc2' });
    const logitsGrad = gradients?.nodes.find((n) => n.id === 'fc2');
    expect([...(logitsGrad?.data ?? [])]).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    const logits = outputs.find((o) => o.id === 'fc2')?.data ?? new Float32Array();
    expect(gradients?.value).toBeCloseTo(logits[3], 5);
    const p = gradients?.prediction?.probabilities ?? new Float32Array();
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(gradients?.input.shape).toEqual([1, 1, 28, 28]);
    expect(gradients?.nodes.map((n) => n.id)).toContain('conv1');
  });

  it('the loss for a label gives softmax − one-hot at the logits', async () => {
    const { gradients } = await run(mnistCnn(), { target: { kind: 'label', index: 5 } });
    const p = gradients?.prediction?.probabilities ?? new Float32Array();
    const dLogits = gradients?.nodes.find((n) => n.id === 'fc2')?.data ?? new Float32Array();
    p.forEach((pk, k) => expect(dLogits[k]).toBeCloseTo(pk - (k === 5 ? 1 : 0), 5));
    expect(gradients?.value).toBeCloseTo(-Math.log(p[5]), 4);
  });

  it("a conv weight's terms sum to core's dL/dW, and a finite difference agrees (stride, padding, dilation, groups)", async () => {
    for (const index of [0, 7, 23]) {
      const { gradients } = await run(awkwardConv, { target: { kind: 'sum' }, cell: { nodeId: 'c2', index } });
      const cell = gradients?.cell as CellArithmetic;
      expect(cell.outputShape).toEqual([14, 10]); // (28 + 2·2 − 2·2 − 1) / 2 + 1 by (28 + 2 − 2) / 3 + 1
      expect(termSum(cell)).toBeCloseTo(cell.core, 4);
      expect(Math.abs(cell.finiteDifference - cell.core)).toBeLessThan(2e-2 * Math.max(1, Math.abs(cell.core)));
      // Padding: some windows reach outside the input, and those terms are zero.
      expect(cell.inside.includes(0)).toBe(true);
      const dW = gradients?.weights.find((w) => w.id === 'c2')?.data ?? new Float32Array();
      expect(dW[index]).toBe(cell.core);
    }
  });

  it('the saliency map agrees with a finite difference on the input through a class score', async () => {
    const { gradients } = await run(mnistCnn(), { target: { kind: 'class', index: 2 }, cell: { nodeId: 'conv1', index: 4 } });
    const cell = gradients?.cell as CellArithmetic;
    expect(termSum(cell)).toBeCloseTo(cell.core, 4);
    expect(Math.abs(cell.finiteDifference - cell.core)).toBeLessThan(2e-2 * Math.max(1, Math.abs(cell.core)));
  });

  it('defaults to the sum of the output for pipelines without a classifier and says so', async () => {
    const { gradients } = await run(workedExamplePipeline(), { target: { kind: 'sum' } });
    expect(gradients?.target.nodeId).toBe('pool1');
    expect(gradients?.target.description).toMatch(/sum of all 128 values of pool1/);
    expect(gradients?.prediction).toBeUndefined();
  });

  it('refuses a class target without a classifier, and a class out of range, naming the field', async () => {
    await expect(run(workedExamplePipeline(), { target: { kind: 'class', index: 0 } })).rejects.toThrow(/gradient: target.kind "class" needs a classifier/);
    await expect(run(mnistCnn(), { target: { kind: 'class', index: 10 } })).rejects.toThrow(/target.index must be a class in 0..9, got 10/);
    await expect(run(mnistCnn(), { target: { kind: 'sum' }, cell: { nodeId: 'fc1', index: 0 } })).rejects.toThrow(/cell.nodeId must name a conv2d node, got "fc1" \(linear\)/);
  });
});

describe('computeGradients, top class', () => {
  it('a class target without an index follows the predicted class', async () => {
    const { gradients } = await run(mnistCnn(), { target: { kind: 'class' } });
    const p = [...(gradients?.prediction?.probabilities ?? [])];
    const top = p.indexOf(Math.max(...p));
    expect(gradients?.target.index).toBe(top);
    expect(gradients?.target.description).toMatch(new RegExp(`score of class ${top}, the predicted one`));
  });
});
