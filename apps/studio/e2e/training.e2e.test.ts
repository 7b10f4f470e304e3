import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { tilePixels, waitForRun } from './page-probes.js';
import { serveWeb } from './web-server.js';

let browser: Browser;
let page: Page;
let server: Awaited<ReturnType<typeof serveWeb>>;
const pageErrors: string[] = [];

/** What the training worker sent the page at the end of the last run, as plain JSON. */
interface DoneMessage {
  history: { trainLoss: number; trainAccuracy: number; validationLoss?: number; validationAccuracy?: number }[];
  diagnosis: {
    batchSize: number;
    deadUnits: { nodeId: string; fraction: number }[];
    spectra: { nodeId: string; report?: { rank: number; max: number; conditionNumber: number; singularValues: number[] } }[];
  };
}

// Records the training worker's messages as the page receives them, so the test compares what is
// drawn with the data the page was given rather than with itself.
const recordTrainingMessages = () => {
  const Native = window.Worker;
  const store = window as unknown as { trainingDone: unknown[] };
  store.trainingDone = [];
  window.Worker = class extends Native {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      if (options?.name !== 'convstudio-training') return;
      this.addEventListener('message', ({ data }: MessageEvent) => {
        if (data?.type !== 'done') return;
        const { history, diagnosis } = data;
        // Typed arrays and Infinity do not survive page.evaluate's JSON: copy them as plain values.
        store.trainingDone.push({
          history,
          diagnosis: {
            batchSize: diagnosis.batchSize,
            deadUnits: diagnosis.deadUnits.map(({ nodeId, fraction }: { nodeId: string; fraction: number }) => ({ nodeId, fraction })),
            spectra: diagnosis.spectra.map(({ nodeId, report }: { nodeId: string; report?: { rank: number; max: number; conditionNumber: number; singularValues: Float64Array } }) => ({
              nodeId,
              ...(report ? { report: { rank: report.rank, max: report.max, conditionNumber: Number.isFinite(report.conditionNumber) ? report.conditionNumber : -1, singularValues: Array.from(report.singularValues) } } : {}),
            })),
          },
        });
      });
    }
  };
};

const lastDone = () => page.evaluate(() => {
  const done = (window as unknown as { trainingDone: DoneMessage[] }).trainingDone;
  return done[done.length - 1];
});

beforeAll(async () => {
  server = await serveWeb();
  browser = await launchChromium();
  // bypassCSP only so axe-core's script can be injected.
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.addInitScript(recordTrainingMessages);
  await page.goto(server.url);
  await waitForRun(page, 'cpu');
  await page.getByLabel('Project').selectOption('mnist-cnn');
  await waitForRun(page, 'cpu');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's serious and critical violations inside the Train view. */
async function seriousViolations(): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    type Violation = { id: string; impact: string | null; nodes: { target: string[] }[] };
    const axe = (window as unknown as { axe: { run(context: Element | null): Promise<{ violations: Violation[] }> } }).axe;
    const { violations } = await axe.run(document.querySelector('[data-testid=train-view]'));
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
}

const fill = async (label: string, value: string) => page.getByLabel(label, { exact: true }).fill(value);

async function trainToEnd(samples: string, epochs: string): Promise<DoneMessage> {
  const before = await page.evaluate(() => (window as unknown as { trainingDone: unknown[] }).trainingDone.length);
  await page.locator('button[data-view=train]').click();
  await fill('Samples', samples);
  await fill('Epochs', epochs);
  await page.locator('.studio-train-form button[type=submit]').click();
  const status = page.getByTestId('train-status');
  await expect.poll(() => status.getAttribute('data-status'), { timeout: 120_000 }).toBe('done');
  await expect.poll(() => page.evaluate(() => (window as unknown as { trainingDone: unknown[] }).trainingDone.length)).toBe(before + 1);
  return lastDone();
}

/** Per chart title, per series, the values of the dots drawn. */
const chartPoints = () => page.locator('[data-testid=train-charts] figure').evaluateAll((figures) =>
  figures.map((f) => {
    const dots = [...f.querySelectorAll<SVGCircleElement>('circle.cs-chart-point')];
    const of = (series: string) => dots.filter((d) => d.dataset.series === series).map((d) => Number(d.dataset.value));
    return { title: f.querySelector('.cs-chart-title')?.textContent, train: of('train'), validation: of('validation'), ticks: [...f.querySelectorAll('.recharts-xAxis-tick-labels text')].map((t) => t.textContent) };
  }));

/** The saturation table as the page shows it: per layer, the raw values and the visible text. */
const tableRows = () => page.locator('[data-testid=train-diagnosis] tbody[data-node]').evaluateAll((rows) =>
  rows.map((r) => {
    const cell = (column: string) => r.querySelector<HTMLElement>(`td[data-column="${column}"]`);
    return {
      node: (r as HTMLElement).dataset.node,
      dead: cell('dead')?.dataset.value, deadText: cell('dead')?.textContent,
      rank: cell('rank')?.textContent, gain: cell('gain')?.dataset.value,
      verdict: r.querySelector('.cs-verdict')?.textContent ?? '',
    };
  }));

describe('training in the studio', () => {
  it('after one epoch draws one point per series, shows the saturation table of the data it got, and puts the learned filters into the pipeline', async () => {
    await page.locator('button[data-view=maps]').click();
    const before = await tilePixels(page, 'conv1');
    const done = await trainToEnd('400', '1');
    expect(done.history).toHaveLength(1);
    const [loss, accuracy] = await chartPoints();
    expect(loss).toEqual({ title: 'Loss per epoch', train: [done.history[0].trainLoss], validation: [done.history[0].validationLoss], ticks: ['1'] });
    expect(accuracy).toEqual({ title: 'Accuracy per epoch', train: [done.history[0].trainAccuracy], validation: [done.history[0].validationAccuracy], ticks: ['1'] });
    // The dots are really drawn inside the plot: visible, with a size.
    const box = await page.locator('[data-testid=train-charts] circle.cs-chart-point').first().boundingBox();
    expect(box?.width).toBeGreaterThan(4);

    // The table: one row per ReLU and learnable layer, each value the one the worker measured.
    const rows = await tableRows();
    const { deadUnits, spectra } = done.diagnosis;
    expect(rows.map((r) => r.node).sort()).toEqual([...deadUnits, ...spectra].map((d) => d.nodeId).sort());
    for (const d of deadUnits) {
      const row = rows.find((r) => r.node === d.nodeId);
      expect(Number(row?.dead)).toBe(d.fraction);
      // The visible percentage rounds the same fraction.
      expect(Math.abs(Number.parseFloat(row?.deadText ?? '') - 100 * d.fraction)).toBeLessThanOrEqual(0.5);
    }
    for (const s of spectra) {
      const row = rows.find((r) => r.node === s.nodeId);
      expect(row?.rank).toBe(`${s.report?.rank} of ${s.report?.singularValues.length}`);
      expect(Number(row?.gain)).toBe(s.report?.max);
      expect(row?.dead).toBeUndefined();
    }
    for (const r of rows) expect(r.verdict.length).toBeGreaterThan(15);
    await expect.poll(() => page.getByTestId('saturation-summary').textContent()).toContain(`measured on ${done.diagnosis.batchSize} held-out digits`);
    // The plots: one bar per ReLU layer, one spectrum curve per learnable layer.
    expect(await page.locator('[data-testid=train-diagnosis] .cs-dead-bar .recharts-bar-rectangle').count()).toBe(deadUnits.length);
    expect(await page.locator('[data-testid=train-diagnosis] .cs-spectrum-line .recharts-line-curve').count()).toBe(spectra.length);
    // No monospace dump any more.
    expect(await page.locator('[data-testid=train-diagnosis] pre').count()).toBe(0);

    // The trained weights changed the pipeline, so the feature maps were recomputed with them.
    await waitForRun(page, 'cpu');
    await page.locator('button[data-view=maps]').click();
    await expect.poll(async () => JSON.stringify(await tilePixels(page, 'conv1')) !== JSON.stringify(before)).toBe(true);
  });

  it('after two epochs draws two points per series with the values of each epoch', async () => {
    const done = await trainToEnd('600', '2');
    const [loss, accuracy] = await chartPoints();
    expect(loss.train).toEqual(done.history.map((m) => m.trainLoss));
    expect(loss.validation).toEqual(done.history.map((m) => m.validationLoss));
    expect(accuracy.train).toEqual(done.history.map((m) => m.trainAccuracy));
    expect(accuracy.validation).toEqual(done.history.map((m) => m.validationAccuracy));
    expect(loss.ticks).toEqual(['1', '2']);
    // The legend shows the last epoch's values.
    const legend = await page.locator('[data-testid=train-charts] figure').first().locator('.cs-chart-legend li').allTextContents();
    expect(legend).toHaveLength(2);
    expect(await page.getByTestId('train-status').textContent()).toMatch(/^Done in .* validation accuracy \d+\.\d%/);
    await page.screenshot({ path: new URL('../test-results/9-trained.png', import.meta.url).pathname, fullPage: false });
    // The view pane scrolls; scrolling it (not the window) keeps the frame in place for the shots.
    const scrollView = (testId: string) => page.getByTestId(testId).evaluate((el) => {
      const pane = el.closest('.studio-view');
      if (pane) pane.scrollTop += el.getBoundingClientRect().top - pane.getBoundingClientRect().top;
    });
    await scrollView('train-diagnosis');
    await page.screenshot({ path: new URL('../test-results/9-trained-report.png', import.meta.url).pathname });
    await page.locator('.studio-view').evaluate((pane) => { pane.scrollTop = pane.scrollHeight; });
    await page.screenshot({ path: new URL('../test-results/9-trained-plots.png', import.meta.url).pathname });
    await page.locator('.studio-view').evaluate((pane) => { pane.scrollTop = 0; });
    // Charts, table and plots pass axe-core in both themes.
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await seriousViolations(), colorScheme).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: null });
  });

  it('shows the time left while training and stops a longer run when asked, keeping what was learned', async () => {
    await page.locator('button[data-view=train]').click();
    await fill('Samples', '4000');
    await fill('Epochs', '20');
    await page.locator('.studio-train-form button[type=submit]').click();
    const status = page.getByTestId('train-status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 60_000 }).toBe('training');
    await expect.poll(() => page.getByTestId('train-eta').textContent()).toMatch(/^about \d+(\.\d)? s left$|^about \d+ min \d+ s left$/);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 30_000 }).toBe('cancelled');
    expect(pageErrors).toEqual([]);
  });
});
