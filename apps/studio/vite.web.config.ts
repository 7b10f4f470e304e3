import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { CROSS_ORIGIN_ISOLATION_HEADERS } from './src/shared/cross-origin-isolation.js';

// The renderer as a plain web page (the browser host). The Electron build reuses the same
// renderer root; only the host implementation differs.
export default defineConfig({
  root: fileURLToPath(new URL('src/renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  resolve: { conditions: ['@convstudio/source'] },
  worker: { format: 'es' },
  // The 20 MB MNIST chunk (training) makes rolldown's plugin-timing note fire on every build; it is not actionable.
  build: { rolldownOptions: { checks: { pluginTimings: false } }, outDir: fileURLToPath(new URL('dist/web', import.meta.url)), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4096 },
  // Cross-origin isolation gives the pipeline worker SharedArrayBuffer, so core's kernels use threads.
  server: { host: '127.0.0.1', port: 5173, headers: CROSS_ORIGIN_ISOLATION_HEADERS },
  preview: { host: '127.0.0.1', port: 4173, headers: CROSS_ORIGIN_ISOLATION_HEADERS },
});
