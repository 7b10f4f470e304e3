import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Vitest runs tests server-side, where conditions come from `ssr.resolve`: both make
  // `@convstudio/*` imports read TypeScript source, with no build.
  resolve: { conditions: ['@convstudio/source'] },
  ssr: { resolve: { conditions: ['@convstudio/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    // Pure logic runs in Node; component tests opt into a DOM with `// @vitest-environment happy-dom`.
    environment: 'node',
    testTimeout: 30_000,
  },
});
