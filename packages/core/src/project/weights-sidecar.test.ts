import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createModel } from '../nn/model.js';
import { templates } from '../nn/templates/index.js';
import { decodeWeightsSidecar, encodeWeightsSidecar, WEIGHTS_SIDECAR_VERSION, type NamedTensors } from './weights-sidecar.js';

function tensorsOf(templateId: string): { tensors: NamedTensors; hash: string } {
  const model = createModel(templates.find((t) => t.id === templateId)!.build());
  const tensors: NamedTensors = new Map();
  for (const [id, { weight, bias }] of model.parameters) {
    if (weight) tensors.set(`${id}.weight`, { shape: [...weight.shape], data: weight.data as Float32Array });
    if (bias) tensors.set(`${id}.bias`, { shape: [...bias.shape], data: bias.data as Float32Array });
  }
  return { tensors, hash: model.hash };
}

const small = () => new Map([['conv1.weight', { shape: [1, 1, 2, 2], data: Float32Array.from([0.5, -0.25, 1e-30, 3]) }], ['conv1.bias', { shape: [1], data: Float32Array.from([-7]) }]]) as NamedTensors;

describe('binary weights sidecar', () => {
  it.each(templates.filter((t) => t.id !== 'alexnet').map((t) => t.id))('round-trips every parameter of %s bit for bit, with its pipeline hash', (id) => {
    const { tensors, hash } = tensorsOf(id);
    const decoded = decodeWeightsSidecar(encodeWeightsSidecar(tensors, hash));
    expect(decoded.pipelineHash).toBe(hash);
    expect([...decoded.tensors.keys()]).toEqual([...tensors.keys()]);
    for (const [name, t] of tensors) {
      expect(decoded.tensors.get(name)!.shape).toEqual(t.shape);
      const got = decoded.tensors.get(name)!.data;
      expect(new Uint32Array(got.slice().buffer)).toEqual(new Uint32Array(t.data.slice().buffer));
    }
  });

  it('keeps any tensor name, so buffers such as running statistics fit with no format change', () => {
    const tensors = small().set('bn1.runningMean', { shape: [3], data: Float32Array.from([1, 2, 3]) }).set('__proto__.weight', { shape: [1], data: Float32Array.from([4]) }).set('café.bias', { shape: [1], data: Float32Array.from([5]) });
    const decoded = decodeWeightsSidecar(encodeWeightsSidecar(tensors, 'abc'));
    expect(Array.from(decoded.tensors.get('bn1.runningMean')!.data)).toEqual([1, 2, 3]);
    expect(Array.from(decoded.tensors.get('__proto__.weight')!.data)).toEqual([4]);
    expect(Array.from(decoded.tensors.get('café.bias')!.data)).toEqual([5]);
  });

  it('refuses a file from a newer version, saying which versions it reads', () => {
    const bytes = encodeWeightsSidecar(small(), 'abc');
    new DataView(bytes.buffer).setUint32(4, WEIGHTS_SIDECAR_VERSION + 1, true);
    expect(() => decodeWeightsSidecar(bytes, 'w.bin')).toThrow(`w.bin: version: made by a newer ConvStudio (format version ${WEIGHTS_SIDECAR_VERSION + 1}); this one reads up to ${WEIGHTS_SIDECAR_VERSION}`);
  });

  it('names the file and the field when the file is truncated, damaged or not a weights file', () => {
    const bytes = encodeWeightsSidecar(small(), 'abc');
    expect(() => decodeWeightsSidecar(bytes.subarray(0, bytes.length - 8), 'w.bin')).toThrow(/^w\.bin: length: expected \d+ bytes for the tensors the header lists, got \d+ \(the file is truncated\)$/);
    expect(() => decodeWeightsSidecar(bytes.subarray(0, 20), 'w.bin')).toThrow(/^w\.bin: header: expected at most 8 bytes, got \d+ \(the file is truncated\)$/);
    expect(() => decodeWeightsSidecar(new TextEncoder().encode('{"format":"x"}'), 'w.bin')).toThrow('w.bin: magic: not a ConvStudio weights file');
    const nan = bytes.slice();
    new DataView(nan.buffer).setFloat32(nan.length - 8, Number.NaN, true); // the bias value
    expect(() => decodeWeightsSidecar(nan, 'w.bin')).toThrow('w.bin: tensors.conv1.bias[0]: expected a finite float32, got NaN');
  });

  it("refuses the studio's first binary weights (a real old file) with a message that says what it is", () => {
    const old = readFileSync(new URL('./legacy-fixtures/studio-binary-v1.convstudio.json.weights-b2d8a5e4d02ded88.bin', import.meta.url));
    expect(() => decodeWeightsSidecar(new Uint8Array(old), 'old.bin')).toThrow("old.bin: version: expected 2, got 1 (the studio's first binary weights");
  });
});

/** A weights file made by hand: the preamble, `headerText` as the header, then `dataBytes` zero bytes after the aligned header. */
function craft(headerText: string, dataBytes = 0, headerLength = headerText.length): Uint8Array {
  const start = Math.ceil((12 + headerText.length) / 8) * 8;
  const bytes = new Uint8Array(start + dataBytes);
  bytes.set([...'CSWB'].map((c) => c.charCodeAt(0)));
  const view = new DataView(bytes.buffer);
  view.setUint32(4, WEIGHTS_SIDECAR_VERSION, true);
  view.setUint32(8, headerLength, true);
  bytes.set(new TextEncoder().encode(headerText), 12);
  return bytes;
}
const header = (tensors: unknown, pipelineHash = 'h') => JSON.stringify({ format: 'convstudio-weights', version: WEIGHTS_SIDECAR_VERSION, pipelineHash, tensors });

describe('binary weights sidecar: the edges of the format', () => {
  it('calls an unnamed file "weights file", and reads a file shorter than the preamble as not a weights file', () => {
    expect(() => decodeWeightsSidecar(new Uint8Array([67, 83, 87, 66]))).toThrow('weights file: magic: not a ConvStudio weights file: expected it to start with "CSWB"');
    // Exactly the preamble, with an empty header: past the magic, refused for its header.
    expect(() => decodeWeightsSidecar(craft('').subarray(0, 12))).toThrow(/^weights file: header: /);
  });

  it('reads a header that ends exactly where the file ends (no tensors)', () => {
    let hash = '';
    while ((12 + header([], hash).length) % 8 !== 0) hash += 'x';
    const bytes = craft(header([], hash));
    expect(bytes.length).toBe(12 + header([], hash).length);
    expect(decodeWeightsSidecar(bytes, 'w.bin')).toEqual({ pipelineHash: hash, tensors: new Map() });
  });

  it('refuses a header over 16 MiB, even in a file long enough to hold it, and reads one of exactly 16 MiB', () => {
    const max = 16 * 1024 * 1024;
    expect(() => decodeWeightsSidecar(craft('', max + 8, max + 1), 'w.bin')).toThrow(`w.bin: header: expected at most ${max} bytes, got ${max + 1} (the file is truncated)`);
    // 16 MiB of zero bytes is not JSON, but it is looked at as a header.
    expect(() => decodeWeightsSidecar(craft('', max + 8, max), 'w.bin')).toThrow(/^w\.bin: header: (?!expected at most)/);
  });

  it('names the header field that is wrong, or the header itself', () => {
    expect(() => decodeWeightsSidecar(craft(header([{ name: '', shape: [1] }]), 8), 'w.bin')).toThrow(/^w\.bin: header: tensors\.0\.name: /);
    expect(() => decodeWeightsSidecar(craft('null'), 'w.bin')).toThrow(/^w\.bin: header: \(header\): /);
  });

  it('says "truncated" only of a file that is too short', () => {
    const good = encodeWeightsSidecar(small(), 'h');
    const padded = new Uint8Array(good.length + 8);
    padded.set(good);
    expect(() => decodeWeightsSidecar(padded, 'w.bin')).toThrow(new Error(`w.bin: length: expected ${good.length} bytes for the tensors the header lists, got ${good.length + 8}`));
    expect(() => decodeWeightsSidecar(good.subarray(0, good.length - 8), 'w.bin')).toThrow(`w.bin: length: expected ${good.length} bytes for the tensors the header lists, got ${good.length - 8} (the file is truncated)`);
  });

  it('refuses a tensor named twice', () => {
    expect(() => decodeWeightsSidecar(craft(header([{ name: 'a', shape: [2] }, { name: 'a', shape: [2] }]), 16), 'w.bin')).toThrow('w.bin: tensors.a: expected once, got twice');
  });

  it('reads the tensors in place when aligned, and copies them when the bytes start at an odd offset', () => {
    const good = encodeWeightsSidecar(small(), 'h');
    const aligned = decodeWeightsSidecar(good);
    expect(aligned.tensors.get('conv1.weight')!.data.buffer).toBe(good.buffer);
    const odd = new Uint8Array(good.length + 1).subarray(1);
    odd.set(good);
    const copied = decodeWeightsSidecar(odd);
    expect(copied.tensors.get('conv1.weight')!.data.buffer).not.toBe(odd.buffer);
    expect(copied).toEqual(aligned);
  });

  it('refuses to write a tensor whose values do not fill its shape', () => {
    expect(() => encodeWeightsSidecar(new Map([['w', { shape: [2, 2], data: new Float32Array(3) }]]), 'h')).toThrow(/^weights: w: shape .*2.*2.* needs 4 values, got 3$/);
  });
});
