import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Node 20 validates relaxed SIMD only with a V8 flag, so the fused multiply-add variant that
// Node 22+ and Chrome pick on their own is checked here in a child process that has the flag.
describe('relaxed-SIMD kernels', () => {
  it('load where the host has relaxed SIMD, pass the conformance suite and agree with the TypeScript reference', () => {
    const fixture = fileURLToPath(new URL('./relaxed-check.fixture.ts', import.meta.url));
    const out = execFileSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--conditions=@convstudio/source', '--import', 'tsx', fixture], { encoding: 'utf8' });
    const { variant, worst, failures } = JSON.parse(out.trim().split('\n').pop()!) as { variant: string; worst: number; failures: string[] };
    expect(variant).toBe('relaxed');
    expect(failures).toEqual([]);
    expect(worst).toBeLessThan(1e-5);
  });
});
