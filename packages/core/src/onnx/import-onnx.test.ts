import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema } from 'onnx-buf';
import { describe, expect, it } from 'vitest';
import { ConvStudioError } from '../errors.js';
import { CancelledError } from '../nn/cancel.js';
import { layerKinds } from '../nn/layers/index.js';
import { parsePipeline } from '../nn/parse-pipeline.js';
import { templates } from '../nn/templates/index.js';
import { modelFromNamedTensors } from '../project/named-tensors.js';
import { randn } from '../tensor.js';
import type { Pipeline } from '../nn/pipeline-types.js';
import type { NamedTensors } from '../project/weights-sidecar.js';
import { exportOnnx } from './export-onnx.js';
import { importOnnx } from './import-onnx.js';
import { OnnxUnsupportedError } from './onnx-error.js';
import { kindCases, kindPipeline, randomTensors, relativeError } from './onnx-testing.js';
import { checkOnnxSize } from './read-model.js';

const small = templates.filter((t) => t.id !== 'alexnet');
const cases: [string, Pipeline][] = [
  ...layerKinds.flatMap((kind) => kindCases[kind].map((params) => [`${kind} ${JSON.stringify(params)}`, kindPipeline(kind, params)] as [string, Pipeline])),
  ...small.map((t) => [`template ${t.id}`, t.build()] as [string, Pipeline]),
];

/** The same model with every trace of ConvStudio's metadata removed, as another tool would write it. */
function withoutMetadata(bytes: Uint8Array, edit: (m: ReturnType<typeof decode>) => void = () => {}): Uint8Array {
  const model = decode(bytes);
  model.metadataProps = [];
  for (const n of model.graph!.node) n.metadataProps = [];
  edit(model);
  return toBinary(ModelProtoSchema, model);
}
const decode = (bytes: Uint8Array) => fromBinary(ModelProtoSchema, bytes);

function output(pipeline: Pipeline, tensors: NamedTensors): Float32Array {
  const model = modelFromNamedTensors(pipeline, tensors);
  return model.forward(randn([2, ...model.shapes.nodes[0].shapes.output], { seed: 4 })).get(model.outputId)!.data;
}

describe('importOnnx(exportOnnx(p))', () => {
  for (const [name, pipeline] of cases) {
    it(`gives ${name} back: the same pipeline and tensors`, () => {
      const tensors = randomTensors(pipeline, 3);
      const back = importOnnx(exportOnnx(pipeline, tensors));
      const parsed = parsePipeline(pipeline);
      expect(parsed.ok && back.pipeline).toEqual(parsed.ok && parsed.pipeline);
      expect([...back.weights.keys()].sort()).toEqual([...tensors.keys()].sort());
      for (const [key, t] of tensors) {
        expect(back.weights.get(key)!.shape, key).toEqual(t.shape);
        expect(back.weights.get(key)!.data, key).toEqual(t.data);
      }
    });
  }

  for (const [name, pipeline] of cases) {
    const composite = JSON.stringify(pipeline).includes('"normalize"');
    it(`reads ${name} written without ConvStudio's metadata ${composite ? 'as unsupported (no ONNX op is min-max normalise)' : 'as an equal model'}`, () => {
      const tensors = randomTensors(pipeline, 3);
      const bytes = withoutMetadata(exportOnnx(pipeline, tensors));
      if (composite) {
        expect(() => importOnnx(bytes)).toThrow(OnnxUnsupportedError);
        return;
      }
      const back = importOnnx(bytes);
      expect(relativeError(output(back.pipeline, back.weights), output(pipeline, tensors))).toBeLessThan(1e-6);
    });
  }
});

describe('importOnnx refuses bad input in words', () => {
  const lenet = () => exportOnnx(templates.find((t) => t.id === 'lenet5')!.build());

  it('truncated bytes: damaged or cut short', () => {
    const bytes = lenet();
    for (const end of [10, 1000, bytes.length - 7]) expect(() => importOnnx(bytes.subarray(0, end))).toThrow(/damaged|cut short|not an ONNX model/);
  });

  it('random bytes and another format: an error, never a crash or a hang', () => {
    let state = 7;
    const noise = Uint8Array.from({ length: 5000 }, () => (state = (state * 1103515245 + 12345) >>> 0) >>> 24);
    for (const bytes of [noise, new TextEncoder().encode('{"format":"convstudio-pipeline"}'), new Uint8Array(0)]) {
      expect(() => importOnnx(bytes)).toThrow(ConvStudioError);
    }
  });

  it('a file above the size limit, before reading it', () => {
    expect(() => importOnnx(lenet(), { maxBytes: 1000 })).toThrow(/above the limit of 0\.0 MiB/);
    expect(() => checkOnnxSize(3 * 2 ** 30)).toThrow(/3072\.0 MiB, above the limit of 1024\.0 MiB/);
  });

  it('every unsupported node listed, by name and op, with what is supported; nothing imported', () => {
    const bytes = withoutMetadata(lenet(), (m) => {
      const nodes = m.graph!.node;
      nodes.filter((n) => n.opType === 'Tanh').forEach((n, i) => (n.opType = i === 0 ? 'HardSwish' : 'Elu'));
      nodes.find((n) => n.opType === 'Gemm')!.domain = 'com.example';
    });
    try {
      importOnnx(bytes);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(OnnxUnsupportedError);
      const e = error as OnnxUnsupportedError;
      expect(e.nodes.map((n) => n.opType).sort()).toEqual(['Elu', 'Elu', 'Elu', 'Gemm', 'HardSwish']);
      expect(e.nodes[0].name).toBeTruthy();
      expect(e.message).toMatch(/5 nodes ConvStudio cannot import, so nothing was imported/);
      expect(e.message).toMatch(/\(com\.example\.Gemm\): is in domain "com\.example"/);
      expect(e.message).toMatch(/Supported \(ai\.onnx, opsets 9 to 21\): Add, AveragePool, BatchNormalization/);
    }
  });

  it('an attribute it cannot honour, named', () => {
    const bytes = withoutMetadata(lenet(), (m) => {
      const conv = m.graph!.node.find((n) => n.opType === 'Conv')!;
      conv.attribute.find((a) => a.name === 'pads')!.ints = [1n, 1n, 1n, 2n];
      m.graph!.node.find((n) => n.opType === 'AveragePool')!.attribute.find((a) => a.name === 'pads')!.ints = [0n, 0n, 1n, 0n];
    });
    expect(() => importOnnx(bytes)).toThrow(/AveragePool\): pads must be the same at both ends/);
  });

  it('opsets outside 9 to 21 refused; 9 to 21 read', () => {
    const at = (version: bigint) => withoutMetadata(lenet(), (m) => (m.opsetImport[0].version = version));
    expect(() => importOnnx(at(8n))).toThrow(/opset 8; supported are opsets 9 to 21/);
    expect(() => importOnnx(at(22n))).toThrow(/opset 22/);
    expect(importOnnx(at(21n)).summary.opset).toBe(21);
  });

  it('reports progress up to 1 and stops when cancelled', () => {
    const fractions: number[] = [];
    importOnnx(lenet(), { onProgress: (p) => fractions.push(p.fraction) });
    expect(fractions[fractions.length - 1]).toBe(1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(() => importOnnx(lenet(), { signal: { aborted: true } })).toThrow(CancelledError);
  });
});
