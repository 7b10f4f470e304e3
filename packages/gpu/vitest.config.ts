import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Vitest runs tests server-side, where conditions come from `ssr.resolve`: both make
  // `@convstudio/*` imports read TypeScript source, with no build.
  resolve: { conditions: ['@convstudio/source'] },
  ssr: { resolve: { conditions: ['@convstudio/source'] } },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
