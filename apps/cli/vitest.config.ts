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
    // train --backend gpu's test: Dawn reads the Vulkan driver list when it starts. SwiftShader,
    // a CPU Vulkan, gives it a real WebGPU adapter with no GPU (as in packages/gpu); a machine
    // with a GPU may set its own driver's manifest.
    env: { VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? '/usr/lib/chromium/vk_swiftshader_icd.json' },
  },
});
