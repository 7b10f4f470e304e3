import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests run in Vitest's server-side environment, which takes its conditions from `ssr.resolve`:
  // `@convstudio/core` then resolves to its sources, with no build.
  resolve: { conditions: ['@convstudio/source'] },
  ssr: { resolve: { conditions: ['@convstudio/source'] } },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // The Node 22 test starts a second Vitest under that binary: slow on a loaded machine.
    testTimeout: 180_000,
  },
});
