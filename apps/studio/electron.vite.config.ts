import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { fileURLToPath } from 'node:url';
import { CROSS_ORIGIN_ISOLATION_HEADERS } from './src/shared/cross-origin-isolation.js';

const src = (path: string) => fileURLToPath(new URL(`src/${path}`, import.meta.url));
// Workspace packages resolve to their TypeScript sources, as in the web build and the tests.
const source = { conditions: ['@convstudio/source'] };

// The desktop studio: main (ESM, Node), preload (CommonJS, because sandboxed preloads cannot be
// ES modules) and the same renderer the web host serves. Output goes to out/{main,preload,renderer}.
export default defineConfig({
  main: {
    resolve: source,
    ssr: { resolve: { conditions: ['@convstudio/source'], externalConditions: ['@convstudio/source'] } },
    // Bundle zod and core's pipeline check into main: the packaged app ships no workspace sources.
    build: { externalizeDeps: false, rolldownOptions: { input: { index: src('main/index.ts') }, external: ['electron'] } },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rolldownOptions: { input: { index: src('preload/index.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: src('renderer'),
    plugins: [react()],
    resolve: source,
    worker: { format: 'es' },
    // As the app:// protocol does in production: isolation lets core's kernels use threads.
    server: { headers: CROSS_ORIGIN_ISOLATION_HEADERS },
    build: { target: 'es2022', chunkSizeWarningLimit: 4096, rolldownOptions: { input: { index: src('renderer/index.html') } } },
  },
});
