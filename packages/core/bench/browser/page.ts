// The page of the browser benchmark (browser-bench.ts drives it): runs bench-worker.ts on this
// page's main thread (?where=page) or in a dedicated worker (?where=worker), and leaves its report
// on `window.benchResult` for the driver to read.
import type { BrowserBenchResult } from './bench-worker.ts';

const params = new URLSearchParams(location.search);
const tfjsThreads = Number(params.get('tfjsThreads') ?? '1');
const done = params.get('where') === 'page' ? onPage() : inWorker();

/** ?where=page: on the page's main thread. */
async function onPage(): Promise<BrowserBenchResult> {
  const { runBench } = await import('./bench-worker.ts');
  return runBench(tfjsThreads).catch((error: unknown) => ({ error: String(error), rows: [] }) as unknown as BrowserBenchResult);
}

function inWorker(): Promise<BrowserBenchResult> {
  const worker = new Worker(new URL('./bench-worker.ts', import.meta.url), { type: 'module' });
  const result = new Promise<BrowserBenchResult>((resolve) => {
    worker.onmessage = ({ data }: MessageEvent<BrowserBenchResult>) => resolve(data);
    worker.onerror = (event) => resolve({ error: event.message, rows: [] } as unknown as BrowserBenchResult);
  });
  worker.postMessage({ tfjsThreads });
  return result;
}
void done.then((result) => {
  (window as unknown as { benchResult: BrowserBenchResult }).benchResult = result;
  document.getElementById('status')!.textContent = 'done';
});
