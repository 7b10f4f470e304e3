import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createModel } from '../nn/model.js';
import { loadWeights } from '../nn/weights-file.js';
import { migrateJsonWeightsV1, migrateStudioBinaryV1 } from './legacy-weights.js';
import { decodeWeightsSidecar, encodeWeightsSidecar } from './weights-sidecar.js';

const fixture = (name: string) => readFileSync(new URL(`./legacy-fixtures/${name}`, import.meta.url));
const tinyPipeline = () => JSON.parse(fixture('cli-tiny-pipeline-v1.json').toString('utf8'));

describe('old weights files, migrated to named tensors', () => {
  it("the CLI's JSON weights (a real trained file) give the values today's loader gives, and survive the binary format", () => {
    const document = JSON.parse(fixture('cli-weights-v1.json').toString('utf8'));
    const model = createModel(tinyPipeline());
    const expected = loadWeights(document, model);
    const migrated = migrateJsonWeightsV1(document, 'cli-weights-v1.json');
    expect(migrated.pipelineHash).toBe(model.hash);
    expect((migrated.meta.history as unknown[]).length).toBe(2);
    const again = decodeWeightsSidecar(encodeWeightsSidecar(migrated.tensors, migrated.pipelineHash)).tensors;
    for (const [id, { weight, bias }] of expected) {
      expect(Array.from(again.get(`${id}.weight`)!.data)).toEqual(Array.from(weight!.data));
      expect(again.get(`${id}.weight`)!.shape).toEqual([...weight!.shape]);
      expect(Array.from(again.get(`${id}.bias`)!.data)).toEqual(Array.from(bias!.data));
    }
  });

  it("the studio's binary weights (a real file) give the values its inline twin holds", () => {
    const inline = JSON.parse(fixture('studio-inline-v1.convstudio.json').toString('utf8')) as { pipeline: { nodes: { id: string; weight?: { values?: number[] }; biasValues?: number[] }[] } };
    const values = migrateStudioBinaryV1(new Uint8Array(fixture('studio-binary-v1.convstudio.json.weights-b2d8a5e4d02ded88.bin')), 'w.bin');
    const withValues = inline.pipeline.nodes.filter((n) => n.weight?.values);
    expect(withValues.length).toBe(2);
    for (const node of withValues) {
      expect(Array.from(values.get(`${node.id}.weight`)!)).toEqual(node.weight!.values);
      expect(Array.from(values.get(`${node.id}.bias`)!)).toEqual(node.biasValues);
    }
  });

  it('name the file and field of a damaged old file', () => {
    const document = JSON.parse(fixture('cli-weights-v1.json').toString('utf8'));
    document.tensors['fc.bias'].data = 'AAAA';
    expect(() => migrateJsonWeightsV1(document, 'w.json')).toThrow('w.json: tensors.fc.bias.data: expected 8 bytes for shape [2], got 3');
    const bin = new Uint8Array(fixture('studio-binary-v1.convstudio.json.weights-b2d8a5e4d02ded88.bin'));
    expect(() => migrateStudioBinaryV1(bin.subarray(0, bin.length - 16), 'w.bin')).toThrow(/^w\.bin: .* runs past the end of the file \(truncated\)$/);
  });
});
