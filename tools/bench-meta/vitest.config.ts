import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // The repository test runs git over every benchmark document: slow on a loaded machine.
    testTimeout: 60_000,
  },
});
