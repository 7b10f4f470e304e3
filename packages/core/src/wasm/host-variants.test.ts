import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

interface Report {
  variant: string;
  shared: boolean;
  threads: number;
  reason?: string;
  worst: number;
  failures: string[];
}

/** Runs the fixture in a child Node with `flags` and returns what it reports. */
function runFixture(flags: string[], env: Record<string, string> = {}): Report {
  const fixture = fileURLToPath(new URL('./host-variants.fixture.ts', import.meta.url));
  const out = execFileSync(process.execPath, [...flags, '--conditions=@convstudio/source', '--import', 'tsx', fixture], { encoding: 'utf8', env: { ...process.env, ...env } });
  return JSON.parse(out.trim().split('\n').pop()!) as Report;
}

// Other hosts' features, checked in child processes of this Node: relaxed SIMD (Node 22+ and
// Chrome pick it on their own; Node 20 validates it only with a V8 flag), and a host without
// SharedArrayBuffer (a browser page that is not cross-origin isolated).
describe('the kernels on other hosts', () => {
  it('load the relaxed-SIMD variant where the host has it, pass the conformance suite on one and two threads, and agree with the TypeScript reference', () => {
    const report = runFixture(['--experimental-wasm-relaxed-simd']);
    expect(report).toMatchObject({ variant: 'relaxed', shared: true, threads: 2, failures: [] });
    expect(report.worst).toBeLessThan(1e-5);
  });

  it('load the unshared module and run on one thread, saying why, where there is no SharedArrayBuffer', () => {
    const report = runFixture([], { NO_SHARED_ARRAY_BUFFER: '1' });
    expect(report).toMatchObject({ variant: 'simd', shared: false, threads: 1, failures: [] });
    expect(report.reason).toMatch(/no shared WebAssembly memory/);
    expect(report.worst).toBeLessThan(1e-5);
  });
});
