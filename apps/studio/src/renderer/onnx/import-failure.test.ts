import { readFileSync } from 'node:fs';
import { importOnnx } from '@convstudio/core/onnx';
import { describe, expect, it } from 'vitest';
import { importFailure } from './import-failure.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../../../../packages/core/src/onnx/fixtures/${name}`, import.meta.url)));
const failureOf = (bytes: Uint8Array, options?: Parameters<typeof importOnnx>[1]) => {
  try {
    importOnnx(bytes, options);
  } catch (error) {
    return importFailure(error, 'model.onnx');
  }
  throw new Error('expected the import to fail');
};

describe('importFailure', () => {
  it('says in one sentence that bytes are not a model, and keeps the decoder\'s words for the details', () => {
    const failure = failureOf(fixture('mnist-cnn.onnx').slice(0, 5000));
    expect(failure.headline).toBe('model.onnx is not a readable ONNX model: it is damaged, cut short or another kind of file.');
    expect(failure.detail).toMatch(/^importOnnx: file is not a readable ONNX model/);
  });

  it('names the size limit for a model over it', () => {
    const failure = failureOf(fixture('mnist-cnn.onnx'), { maxBytes: 1000 });
    expect(failure.headline).toBe('model.onnx is larger than the largest model the studio opens, so it was not read.');
    expect(failure.detail).toMatch(/above the limit of 0\.0 MiB/);
  });

  it('lists the ops an unsupported model uses, with every node in the details', () => {
    // The trained CNN with its ops renamed to ones ConvStudio does not read (same byte length, so the protobuf stays valid).
    const text = Buffer.from(fixture('mnist-cnn.onnx'));
    const renamed = new Uint8Array(Buffer.from(text.toString('latin1').replaceAll('\x22\x04Relu', '\x22\x04Selu'), 'latin1'));
    const failure = failureOf(renamed);
    expect(failure.headline).toBe('model.onnx has 3 nodes ConvStudio cannot import (Selu), so nothing was opened.');
    expect(failure.detail).toContain('Supported (ai.onnx, opsets 9 to 21)');
  });

  it('gives a sentence for an error that is not core\'s', () => {
    expect(importFailure(new TypeError('x is undefined'), 'a.onnx')).toEqual({ headline: 'a.onnx could not be opened because of an error in ConvStudio itself; nothing was changed.', detail: 'x is undefined' });
  });
});
