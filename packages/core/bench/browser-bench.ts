/**
 * Forward conv2d in Chromium, where tfjs-backend-wasm runs its threaded build: ours (one and two
 * threads) against tfjs-backend-wasm with one thread and with two, each tfjs setting in its own
 * page load (its thread count is fixed when its module starts). Node cannot run tfjs-wasm's
 * threads (it disables them there), which is why this benchmark exists beside conv-bench.ts.
 *
 *   cd packages/core/bench && ONNXRUNTIME_NODE_INSTALL=skip npm ci && npm run bench:browser
 *
 * Needs Debian's Chromium (`apt-get install -y chromium`, or CHROMIUM_PATH) and the repository
 * root's `npm ci` (vite and playwright-core come from there). The page is served by Vite on
 * 127.0.0.1 with the cross-origin isolation headers, so both libraries get SharedArrayBuffer.
 * Writes results/browser-latest.md (or $BENCH_OUT).
 */
import { createReadStream, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

import type { BrowserBenchResult } from './browser/bench-worker.ts';
import { fmtMs, fmtRatio } from './lib/report.ts';
import { startBenchRun, writeReport } from '@convstudio/bench-meta';

const here = dirname(fileURLToPath(import.meta.url));
const TFJS_WASM_DIST = join(here, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
/**
 * Where the libraries run: `page` (the default), the page's main thread, where tfjs-wasm runs at
 * its Node speed; or `worker` (BENCH_WHERE=worker), a dedicated worker, where tfjs-wasm's 3x3
 * convolutions ran at half that here (not diagnosed), which would flatter ours.
 */
const WHERE = process.env.BENCH_WHERE === 'worker' ? 'worker' : 'page';
const ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  const started = new Date();
  const benchRun = startBenchRun({ code: ['packages/core/src', 'packages/core/assembly'] });
  const server = await createServer({
    root: join(here, 'browser'),
    configFile: false,
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0, headers: ISOLATION, fs: { allow: [join(here, '../../..')] } },
    worker: { format: 'es' },
    plugins: [
      {
        // tfjs-backend-wasm fetches its .wasm binaries from setWasmPaths: serve them from its package.
        name: 'tfjs-wasm-binaries',
        configureServer(s) {
          s.middlewares.use('/tfjs-wasm', (req, res, next) => {
            const file = join(TFJS_WASM_DIST, (req.url ?? '').split('?')[0].replace(/^\//, ''));
            if (!file.startsWith(TFJS_WASM_DIST) || !existsSync(file) || !file.endsWith('.wasm')) return next();
            res.setHeader('Content-Type', 'application/wasm');
            for (const [k, v] of Object.entries(ISOLATION)) res.setHeader(k, v);
            createReadStream(file).pipe(res);
          });
        },
      },
    ],
  });
  await server.listen();
  const url = server.resolvedUrls!.local[0];
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const results: BrowserBenchResult[] = [];
  try {
    for (const tfjsThreads of [1, 2]) {
      const page = await browser.newPage();
      page.on('pageerror', (e) => console.error('page error:', e.message));
      page.on('response', (r) => {
        if (r.status() >= 400) console.warn(`page fetch ${r.status()}: ${r.url()}`);
      });
      page.on('console', (m) => {
        if (m.type() === 'warning' || m.type() === 'error') console.warn(`page ${m.type()}: ${m.text()}`);
      });
      await page.goto(`${url}?tfjsThreads=${tfjsThreads}&where=${WHERE}`);
      await page.waitForFunction(() => (window as unknown as { benchResult?: unknown }).benchResult !== undefined, undefined, { timeout: 300_000 });
      const result = (await page.evaluate(() => (window as unknown as { benchResult: unknown }).benchResult)) as BrowserBenchResult;
      await page.close();
      if (result.error) throw new Error(`the page failed: ${result.error}`);
      console.log(`tfjs-wasm ${tfjsThreads} thread(s): ${result.rows.map((r) => `${r.shape.split(',')[0]} ours ${fmtMs(r.ours1)}/${fmtMs(r.ours2)} ms, tfjs ${fmtMs(r.tfjs)} ms`).join('; ')}`);
      results.push(result);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const [r1, r2] = results;
  const gflops = (macs: number, ms: number) => ((2 * macs) / ms / 1e6).toFixed(1);
  const bad = [...r1.rows, ...r2.rows].filter((r) => !(r.diff < 1e-3));
  const lines = [
    `Run of ${started.toISOString()}, command \`npm run bench:browser\` in packages/core/bench.`,
    '',
    ...benchRun.headerLines(),
    `- Browser: ${r1.userAgent}; crossOriginIsolated ${r1.crossOriginIsolated}; navigator.hardwareConcurrency ${r1.cores}; both libraries on the ${WHERE === 'page' ? "page's main thread (ours spins there while its worker threads finish, as a main thread may not block)" : 'same dedicated worker'}`,
    `- Ours: this checkout (Vite dev server), WebAssembly kernels, ${r1.oursVariant === 'relaxed' ? 'relaxed SIMD' : 'SIMD128'}; \`createCpuBackend({ threads: 1 })\` and \`{ threads: 2 }\` after \`startCpuThreads(2)\` (${r1.oursThreads} and ${r2.oursThreads} started)`,
    `- tfjs-backend-wasm: ${r1.tfjsBinary}, \`setThreadsCount(1)\` in the first page load (getThreadsCount ${r1.tfjsThreads}), \`setThreadsCount(2)\` in the second (${r2.tfjsThreads}); \`tf.conv2d\` NHWC, result read with dataSync`,
    '- Median ms per call over about 0.8 s after 3 warm-up calls; "ours N×" = tfjs time / our time on as many threads, within one page load',
    '',
    '| shape (forward, batch 1) | ours 1 thread | tfjs-wasm 1 thread | ours 1t ÷ tfjs 1t | ours 2 threads | tfjs-wasm 2 threads | ours 2t ÷ tfjs 2t |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r1.rows.map((a, i) => {
      const b = r2.rows[i];
      return `| ${a.shape} | ${fmtMs(a.ours1)} ms (${gflops(a.macs, a.ours1)} GFLOP/s) | ${fmtMs(a.tfjs)} ms (${gflops(a.macs, a.tfjs)}) | ${fmtRatio(a.tfjs / a.ours1)} | ${fmtMs(b.ours2)} ms (${gflops(b.macs, b.ours2)}) | ${fmtMs(b.tfjs)} ms (${gflops(b.macs, b.tfjs)}) | ${fmtRatio(b.tfjs / b.ours2)} |`;
    }),
    '',
    bad.length ? `**${bad.length} disagreement(s) with tfjs** (max rel. diff ≥ 1e-3)` : `tfjs agrees with ours on every shape (max rel. diff ${Math.max(...[...r1.rows, ...r2.rows].map((r) => r.diff)).toExponential(1)}).`,
    '',
    benchRun.loadLine(),
    '',
  ];
  writeReport(lines.join('\n'), here, 'browser-latest.md');
  if (bad.length) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
