import { defineConfig, type UserConfig } from 'vitest/config';

/**
 * The test setup every package shares: `@convstudio/*` imports resolve to TypeScript source
 * through the `@convstudio/source` export condition, so tests never need a build. Vitest runs
 * tests server-side, where conditions come from `ssr.resolve`, hence both settings.
 */
export function packageTestConfig(options: { testTimeout?: number } = {}): UserConfig {
  return defineConfig({
    resolve: { conditions: ['@convstudio/source'] },
    ssr: { resolve: { conditions: ['@convstudio/source'] } },
    test: {
      include: ['src/**/*.test.ts'],
      environment: 'node',
      testTimeout: options.testTimeout ?? 60_000,
    },
  });
}
