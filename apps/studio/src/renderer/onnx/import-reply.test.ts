import { readFileSync } from 'node:fs';
import { importOnnx } from '@convstudio/core/onnx';
import { describe, expect, it } from 'vitest';
import { importedReply } from './import-reply.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../../../../packages/core/src/onnx/fixtures/${name}`, import.meta.url)));

describe('importedReply', () => {
  it('moves every tensor and a spare copy of each in a buffer of its own, so neither thread copies them again', () => {
    const imported = importOnnx(fixture('batchnorm-dropout.onnx'));
    const expected = new Map([...imported.weights].map(([name, t]) => [name, Array.from(t.data)]));
    const { message, transfer } = importedReply('bn.onnx', imported);
    if (message.type !== 'done') throw new Error(`expected done, got ${message.type}`);
    const { tensors } = message.model;
    expect(tensors.map((t) => t.name).sort()).toEqual([...imported.weights.keys()].sort());
    expect(tensors.some((t) => t.name.endsWith('.runningVar'))).toBe(true);
    const spareBuffers = tensors.map((t) => t.spare!.buffer);
    expect(new Set(spareBuffers).size).toBe(tensors.length);
    for (const t of tensors) {
      expect(t.spare).toBeInstanceOf(Float32Array);
      expect(t.spare!.byteLength).toBe(t.spare!.buffer.byteLength); // the whole buffer: moving it takes nothing else along
      expect(t.spare!.buffer).not.toBe(t.data.buffer);
      expect(Array.from(t.spare!)).toEqual(expected.get(t.name));
    }
    // Each buffer listed once (postMessage refuses duplicates), and all of them: what postMessage does.
    expect(new Set(transfer).size).toBe(transfer.length);
    const arrived = structuredClone(message, { transfer });
    for (const t of tensors) {
      expect(t.data.byteLength).toBe(0);
      expect(t.spare!.byteLength).toBe(0);
    }
    if (arrived.type !== 'done') throw new Error('unreachable');
    for (const t of arrived.model.tensors) {
      expect(Array.from(t.data)).toEqual(expected.get(t.name));
      expect(Array.from(t.spare!)).toEqual(expected.get(t.name));
    }
  });
});
