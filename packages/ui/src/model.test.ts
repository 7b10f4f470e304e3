import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('@convstudio/ui/model', () => {
  it('loads no React, React Flow, three.js, recharts or component file', async () => {
    const entry = fileURLToPath(new URL('./model.ts', import.meta.url));
    const result = await build({ entryPoints: [entry], bundle: true, write: false, metafile: true, format: 'esm', platform: 'neutral', external: ['@convstudio/core', 'zod'], logLevel: 'silent' });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.length).toBeGreaterThan(10);
    expect(inputs.filter((file) => /node_modules\/(react|react-dom|@xyflow|three|recharts|lucide-react|@react-three)\//.test(file) || file.endsWith('.tsx'))).toEqual([]);
  });

  it('offers the editing model without the components', async () => {
    const model = await import('./model.js');
    expect(typeof model.removeAndReconnect).toBe('function');
    expect(typeof model.colormapLut).toBe('function');
    expect('PipelineEditor' in model).toBe(false);
  });
});
