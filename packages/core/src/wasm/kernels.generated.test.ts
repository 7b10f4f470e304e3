import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_PATH, compileKernels, generatedModule } from '../../scripts/build-wasm.js';

describe('kernels.generated.ts', () => {
  // The embedded module is committed so that users need no AssemblyScript; this keeps it equal
  // to what assembly/*.ts compile to. On failure: npm run build:wasm -w @convstudio/core.
  it('is what the AssemblyScript sources compile to', async () => {
    const expected = generatedModule(await compileKernels());
    expect(readFileSync(GENERATED_PATH, 'utf8') === expected, 'src/wasm/kernels.generated.ts is stale: run `npm run build:wasm -w @convstudio/core`').toBe(true);
    // Two compiles of the whole module: about 5 s on a quiet machine, several times that on a busy one.
  }, 180_000);
});
