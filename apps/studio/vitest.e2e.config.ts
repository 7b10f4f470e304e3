import { defineConfig } from 'vitest/config';

// End-to-end tests: the built renderer in Debian's headless Chromium (see e2e/browser.ts).
export default defineConfig({
  resolve: { conditions: ['@convstudio/source'] },
  ssr: { resolve: { conditions: ['@convstudio/source'] } },
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
