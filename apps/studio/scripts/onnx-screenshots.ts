// Screenshots of an imported ONNX model for the READMEs, from the web host in headless Chromium:
// `npx tsx --conditions @convstudio/source scripts/onnx-screenshots.ts` in apps/studio. Drops the
// MNIST CNN trained in PyTorch (core's ONNX fixtures) on the window and writes to docs/screenshots/:
// onnx-import.png (the summary), onnx-conv1-maps.png (its conv1 maps on an MNIST 3, 1440x900),
// onnx-conv1-maps-1024x700.png (the smallest supported window) and onnx-import-error.png (a refusal).
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from '../e2e/browser.js';
import { waitForRun } from '../e2e/page-probes.js';
import { buildWeb, serveWeb } from '../e2e/web-server.js';

const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });
const trained = readFileSync(new URL('../../../packages/core/src/onnx/fixtures/mnist-cnn.onnx', import.meta.url));

/** Drops a file on the page the way a user's drag and drop does. */
async function drop(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  await page.evaluate(({ name, base64 }) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name));
    for (const type of ['dragenter', 'dragover', 'drop']) document.body.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, { name, base64: Buffer.from(bytes).toString('base64') });
}

async function importedModel(width: number, height: number, shots: { summary?: string; maps: string; error?: string }): Promise<void> {
  const page = await browser.newPage({ viewport: { width, height }, colorScheme: 'light' });
  await page.addInitScript(() => localStorage.setItem('convstudio.welcome', 'dismissed'));
  await page.goto(server.url);
  await waitForRun(page, 'cpu');
  const dialog = page.getByTestId('onnx-import');
  if (shots.error) {
    await drop(page, 'cut-short.onnx', trained.subarray(0, 4000));
    await page.waitForFunction(() => document.querySelector('[data-testid=onnx-import]')?.getAttribute('data-status') === 'failed');
    await dialog.getByText('Details').click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${out}${shots.error}.png` });
    await dialog.getByRole('button', { name: 'Close' }).click();
  }
  await drop(page, 'mnist-cnn.onnx', trained);
  await page.waitForFunction(() => document.querySelector('[data-testid=onnx-import]')?.getAttribute('data-status') === 'done', undefined, { timeout: 60_000 });
  await waitForRun(page, 'cpu');
  await page.waitForTimeout(800);
  if (shots.summary) await page.screenshot({ path: `${out}${shots.summary}.png` });
  await dialog.getByRole('button', { name: 'Show the feature maps' }).click();
  // conv1 opens selected (its kernels in the inspector); its maps are scrolled into view.
  await page.locator('[data-testid=maps-node][data-node-id=conv1_Conv]').scrollIntoViewIfNeeded();
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${out}${shots.maps}.png` });
  await page.close();
}

await buildWeb();
const server = await serveWeb();
const browser = await launchChromium();
try {
  await importedModel(1440, 900, { summary: 'onnx-import', maps: 'onnx-conv1-maps', error: 'onnx-import-error' });
  await importedModel(1024, 700, { maps: 'onnx-conv1-maps-1024x700' });
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  await server.close();
}
