import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { layerKinds } from '../nn/layers/index.js';
import { templates } from '../nn/templates/index.js';
import { modelFromNamedTensors } from '../project/named-tensors.js';
import { randn } from '../tensor.js';
import type { NamedTensors } from '../project/weights-sidecar.js';
import type { Pipeline } from '../nn/pipeline-types.js';
import { exportOnnx } from './export-onnx.js';
import { kindCases, kindPipeline, randomTensors, relativeError } from './onnx-testing.js';

// ONNX Runtime (onnxruntime-node's CPU provider) runs what exportOnnx writes; its outputs must
// equal our engine's on the same input within 1e-5 relative to the output's scale.

async function compare(pipeline: Pipeline, tensors: NamedTensors, batch = 2): Promise<number> {
  const model = modelFromNamedTensors(pipeline, tensors);
  const input = model.shapes.nodes[0].shapes.output;
  const x = randn([batch, ...input], { seed: 11 });
  const ours = model.forward(x).get(model.outputId)!;
  const session = await ort.InferenceSession.create(exportOnnx(pipeline, tensors));
  const result = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', x.data, [...x.shape]) });
  const theirs = result[model.outputId];
  expect(theirs.dims).toEqual(ours.shape);
  await session.release();
  return relativeError(theirs.data as Float32Array, ours.data);
}

describe('exportOnnx run by ONNX Runtime', () => {
  it('covers every layer kind', () => {
    expect(Object.keys(kindCases).sort()).toEqual([...layerKinds].sort());
  });

  for (const kind of layerKinds) {
    kindCases[kind].forEach((params, i) => {
      it(`${kind} ${JSON.stringify(params)}`, async () => {
        const pipeline = kindPipeline(kind, params);
        expect(await compare(pipeline, randomTensors(pipeline, i + 1))).toBeLessThan(1e-5);
      });
    });
  }

  for (const template of templates.filter((t) => t.id !== 'alexnet')) {
    it(`template ${template.id}`, async () => {
      const pipeline = template.build();
      expect(await compare(pipeline, randomTensors(pipeline))).toBeLessThan(1e-5);
    });
  }

  it('template alexnet (61 million weights)', async () => {
    const pipeline = templates.find((t) => t.id === 'alexnet')!.build();
    expect(await compare(pipeline, randomTensors(pipeline), 1)).toBeLessThan(1e-5);
  }, 180_000);
});
