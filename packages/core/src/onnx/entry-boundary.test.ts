import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The protobuf library and the compiled onnx.proto belong to @convstudio/core/onnx only: an app
// that never opens a model file does not carry them.
const bundleInputs = async (file: string) => {
  const entry = fileURLToPath(new URL(file, import.meta.url));
  const result = await build({ entryPoints: [entry], bundle: true, write: false, metafile: true, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'], conditions: ['@convstudio/source'], external: ['mnist', 'zod', 'fast-png', 'jpeg-js'], logLevel: 'silent' });
  return Object.keys(result.metafile.inputs);
};

describe('package entries', () => {
  it('the main entry bundles no protobuf code and no src/onnx file', async () => {
    const inputs = await bundleInputs('../index.ts');
    expect(inputs.length).toBeGreaterThan(50);
    expect(inputs.filter((f) => /@bufbuild|onnx-buf|src\/onnx\//.test(f))).toEqual([]);
  });

  it('the onnx entry does', async () => {
    const inputs = await bundleInputs('./index.ts');
    expect(inputs.some((f) => f.includes('onnx-buf'))).toBe(true);
    expect(inputs.some((f) => f.includes('@bufbuild/protobuf'))).toBe(true);
  });
});
