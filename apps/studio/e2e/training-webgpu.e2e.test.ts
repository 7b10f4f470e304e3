import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitForRun } from './page-probes.js';
import { studioSession } from './studio-session.js';

// Training in the studio's worker on WebGPU (SwiftShader in headless Chromium: browser.ts's
// flags, a page on 127.0.0.1) against the same run on the CPU. Like studio.e2e's feature maps on
// WebGPU, this needs the adapter those flags give: no adapter fails, never skips.

const session = studioSession();
let page: Page;
const pageErrors: string[] = [];

interface Epoch { trainLoss: number; trainAccuracy: number; validationLoss: number; validationAccuracy: number }

// The worker's messages as the page receives them: `backend` (where it trains) and `done`.
const recordTrainingMessages = () => {
  const Native = window.Worker;
  const store = window as unknown as { trainingRuns: { on?: unknown; history?: unknown }[] };
  store.trainingRuns = [];
  window.Worker = class extends Native {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      if (options?.name !== 'convstudio-training') return;
      const run: { on?: unknown; history?: unknown } = {};
      store.trainingRuns.push(run);
      this.addEventListener('message', ({ data }: MessageEvent) => {
        if (data?.type === 'backend') run.on = data.on;
        if (data?.type === 'done') run.history = data.history;
      });
    }
  };
};

const runs = () => page.evaluate(() => (window as unknown as { trainingRuns: { on?: { backend: string; adapter?: string }; history?: Epoch[] }[] }).trainingRuns);
const status = () => page.getByTestId('train-status');

/**
 * A fresh page with the MNIST CNN template open in the Train view. Each run gets its own: a
 * finished run puts its trained weights into the pipeline, and the next would start from them;
 * a new page starts from the template's seeded initialisation, the same each time.
 */
async function openTrainView(): Promise<void> {
  await page?.close();
  page = await session.browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.addInitScript(recordTrainingMessages);
  await page.goto(session.url);
  await waitForRun(page, 'cpu');
  await page.getByLabel('Project').selectOption('mnist-cnn');
  await waitForRun(page, 'cpu');
  await page.locator('button[data-view=train]').click();
}

/** Trains 200 digits (160 train, 40 validation: 5 Adam steps of 32) for one epoch on `backend`; returns the worker's history. */
async function trainOn(backend: 'cpu' | 'webgpu'): Promise<{ on: { backend: string; adapter?: string }; history: Epoch[] }> {
  await openTrainView();
  const before = (await runs()).length;
  await page.getByLabel('Samples', { exact: true }).fill('200');
  await page.getByLabel('Epochs', { exact: true }).fill('1');
  // The option is enabled once the page's adapter probe answers.
  if (backend === 'webgpu') await expect.poll(() => page.getByLabel('Train on').locator('option[value=webgpu]').textContent(), { timeout: 30_000 }).toBe('WebGPU');
  await page.getByLabel('Train on').selectOption(backend);
  await page.locator('.studio-train-form button[type=submit]').click();
  await expect.poll(() => status().getAttribute('data-status'), { timeout: 150_000 }).toMatch(/^(done|failed)$/);
  expect(await status().textContent()).toMatch(/^Done in /);
  const run = (await runs())[before];
  if (!run?.on || !run.history) throw new Error(`run ${before} sent no backend or no history: ${JSON.stringify(run)}`);
  return { on: run.on, history: run.history };
}

describe('training on WebGPU in the studio', () => {
  it('offers WebGPU once the page finds an adapter, and trains to the CPU run\'s loss and accuracy', async () => {
    await openTrainView();
    const webgpu = page.getByLabel('Train on').locator('option[value=webgpu]');
    await expect.poll(() => webgpu.textContent(), { timeout: 30_000 }).toBe('WebGPU');
    expect(await webgpu.isDisabled()).toBe(false);
    await page.screenshot({ path: new URL('../test-results/9-train-backend-choice.png', import.meta.url).pathname });

    const cpu = await trainOn('cpu');
    expect(cpu.on).toEqual({ backend: 'cpu' });
    expect(await page.getByTestId('train-backend').getAttribute('data-backend')).toBe('cpu');
    expect(await status().textContent()).toMatch(/^Done in .+ on the CPU: validation accuracy \d+\.\d%/);
    const gpu = await trainOn('webgpu');
    expect(gpu.on.backend).toBe('webgpu');
    expect(gpu.on.adapter).toMatch(/swiftshader/i);
    // The status names the backend that trained, with its adapter.
    expect(await status().textContent()).toMatch(new RegExp(`^Done in .+ on WebGPU \\(${gpu.on.adapter?.replace(/[()]/g, '\\$&')}\\): validation accuracy \\d+\\.\\d%`));
    await page.screenshot({ path: new URL('../test-results/9-trained-webgpu.png', import.meta.url).pathname });

    // Tolerance: float32 sums in another order over 5 Adam steps (packages/gpu's MNIST test holds
    // 1e-3 per step over 20); accuracies within one image (160 train, 40 validation digits) for
    // a digit whose top two scores tie within rounding.
    const [c, g] = [cpu.history[0], gpu.history[0]];
    for (const key of ['trainLoss', 'validationLoss'] as const) {
      expect(Math.abs(g[key] - c[key]), `${key}: webgpu ${g[key]}, cpu ${c[key]}`).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(c[key])));
    }
    expect(Math.abs(g.trainAccuracy - c.trainAccuracy) * 160).toBeLessThanOrEqual(1 + 1e-9);
    expect(Math.abs(g.validationAccuracy - c.validationAccuracy) * 40).toBeLessThanOrEqual(1 + 1e-9);
    // Two backends really ran: float sums in another order never agree to the last bit everywhere.
    expect([g.trainLoss, g.validationLoss]).not.toEqual([c.trainLoss, c.validationLoss]);
  });

  it('shows progress on WebGPU and stops when asked, keeping what was learned', async () => {
    await page.getByLabel('Samples', { exact: true }).fill('4000');
    await page.getByLabel('Epochs', { exact: true }).fill('20');
    await page.getByLabel('Train on').selectOption('webgpu');
    await page.locator('.studio-train-form button[type=submit]').click();
    await expect.poll(() => status().getAttribute('data-status'), { timeout: 60_000 }).toBe('training');
    await expect.poll(() => page.getByTestId('train-eta').textContent()).toMatch(/^about .+ left$/);
    expect(await page.getByTestId('train-backend').getAttribute('data-backend')).toBe('webgpu');
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => status().getAttribute('data-status'), { timeout: 60_000 }).toBe('cancelled');
    expect(await status().textContent()).toMatch(/^Stopped after 0 epochs on WebGPU \(.+\): the weights learned so far are in the pipeline\.$/);
    expect(pageErrors).toEqual([]);
  });
});
