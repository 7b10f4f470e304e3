import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Vitest runs tests server-side, where conditions come from `ssr.resolve`: both make
  // `@convstudio/*` imports read TypeScript source, with no build.
  resolve: { conditions: ['@convstudio/source'] },
  ssr: { resolve: { conditions: ['@convstudio/source'] } },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // Dawn reads the Vulkan driver list when it starts: SwiftShader, a CPU Vulkan, gives CI a
    // real WebGPU adapter with no GPU. A machine with a GPU may override it: its driver's manifest,
    // or empty for the Vulkan loader's own search (bench/real-gpu.sh sets it so).
    env: { VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? '/usr/lib/chromium/vk_swiftshader_icd.json' },
    // SwiftShader emulates the GPU on the CPU: correct, slow.
    testTimeout: 300_000,
    hookTimeout: 120_000,
    // The buffer test checks that a forgotten tensor's buffer returns once collected.
    execArgv: ['--expose-gc'],
    // One file at a time: each opens a device and the machine's cores are few.
    fileParallelism: false,
  },
});
