import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests run in Vitest's server-side environment, which takes its conditions from `ssr.resolve`;
  // without it `@convstudio/core` resolves to core's dist/ (stale, or missing in a fresh clone).
  resolve: { conditions: ['@convstudio/source'] },
  ssr: { resolve: { conditions: ['@convstudio/source'] } },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
  },
});
