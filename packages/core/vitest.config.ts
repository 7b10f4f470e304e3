import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@convstudio/source'] },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
