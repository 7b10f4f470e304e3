import { costTable, experimentById, generateVariants, mnistCnn } from '@convstudio/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { waitForRun } from './page-probes.js';
import { serveWeb } from './web-server.js';

let browser: Browser;
let page: Page;
let server: Awaited<ReturnType<typeof serveWeb>>;
const pageErrors: string[] = [];

// Records the lab workers' end-of-run messages as the page receives them, so the test checks what
// is drawn against the numbers the workers sent.
const recordLabMessages = () => {
  const Native = window.Worker;
  const store = window as unknown as { labDone: { key: string; test: { accuracy: number } }[]; labEpochs: { key: string; epoch: number }[]; labThreads: number };
  store.labDone = [];
  store.labEpochs = [];
  store.labThreads = 0;
  window.Worker = class extends Native {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      if (options?.name !== 'convstudio-lab') return;
      store.labThreads += 1;
      this.addEventListener('message', ({ data }: MessageEvent) => {
        if (data?.type === 'done') store.labDone.push({ key: data.key, test: data.test });
        if (data?.type === 'epoch') store.labEpochs.push({ key: data.key, epoch: data.metrics.epoch });
      });
    }
  };
};

beforeAll(async () => {
  server = await serveWeb();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.addInitScript(recordLabMessages);
  await page.goto(server.url);
  await waitForRun(page, 'cpu');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const fill = async (label: string, value: string) => page.getByLabel(label, { exact: true }).fill(value);
const epochs = () => page.evaluate(() => (window as unknown as { labEpochs: { key: string; epoch: number }[] }).labEpochs);
/** Keys of the runs in progress that the page keeps in IndexedDB. */
const partialKeys = () =>
  page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('convstudio-web');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('kv').objectStore('kv').getAllKeys();
          request.onsuccess = () => resolve((request.result as string[]).filter((k) => String(k).includes(':partial:')));
          request.onerror = () => reject(request.error);
        };
      }),
  );
const done = () => page.evaluate(() => (window as unknown as { labDone: { key: string; test: { accuracy: number } }[] }).labDone);

describe('the saturation lab', () => {
  it('runs "What does stride cost?" on worker threads and shows the computed answer, curves, Pareto plots and indicators', async () => {
    await page.locator('button[data-view=lab]').click();
    await page.getByLabel('Experiment').selectOption('stride');
    await fill('Samples', '300');
    await fill('Epochs', '1');
    await fill('Seeds', '2');
    await page.locator('.studio-lab .studio-train-form button[type=submit]').click();
    const status = page.getByTestId('lab-status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 180_000 }).toBe('done');

    // Two variants x two seeds, each a run a worker finished; two threads at most (two-core machines and up).
    const runs = await done();
    expect(runs.map((r) => r.key).sort()).toEqual(['v0/s0', 'v0/s1', 'v1/s0', 'v1/s1']);
    expect(await page.evaluate(() => (window as unknown as { labThreads: number }).labThreads)).toBeGreaterThanOrEqual(1);

    // The answer is the core's conclusion of these numbers: stride 1's mean against stride 2's.
    const mean = (variant: string) => runs.filter((r) => r.key.startsWith(`${variant}/`)).reduce((s, r) => s + r.test.accuracy, 0) / 2;
    const conclusion = page.getByTestId('lab-conclusion');
    const answer = (await conclusion.locator('.studio-lab-answer').textContent()) ?? '';
    expect(answer).toMatch(/^(Little|Accuracy): stride 2/);
    const details = (await conclusion.locator('li').allTextContents()).join('\n');
    expect(details).toContain(`stride 1: ${(100 * mean('v0')).toFixed(2)}%`);
    expect(details).toContain(`stride 2: ${(100 * mean('v1')).toFixed(2)}%`);

    // Variants table: each row is a variant core builds from the experiment, with its cost
    // table's parameters and MACs, the number of seeds run and the mean the workers reported.
    await expect.poll(() => page.getByTestId('lab-table').locator('tbody tr').count()).toBe(2);
    const spec = experimentById('stride')?.spec();
    if (!spec) throw new Error('core has no stride experiment');
    const variants = generateVariants(mnistCnn(), { axes: spec.axes, mode: spec.mode ?? 'cross' });
    const rows = await page.getByTestId('lab-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
    expect(rows).toHaveLength(variants.length);
    variants.forEach((variant, i) => {
      if (!variant.ok) throw new Error(`core cannot build variant ${variant.id}`);
      const cost = costTable(variant.pipeline);
      if (!cost.ok) throw new Error(`core cannot cost variant ${variant.id}`);
      const [label, accuracy, seeds, params, macs] = rows[i];
      expect(label).toBe(variant.label);
      expect(accuracy, variant.id).toMatch(new RegExp(`^${(100 * mean(variant.id)).toFixed(1).replace('.', '\\.')}% ± \\d+\\.\\d$`));
      expect(seeds, variant.id).toBe('2');
      expect(params, variant.id).toBe(cost.table.totals.params.toLocaleString('en-US'));
      expect(macs, variant.id).toBe(cost.table.totals.macs.toLocaleString('en-US'));
    });
    // The cost plots: one dot per variant; the cheaper one is always on the front.
    const pareto = page.locator('.cs-pareto-chart');
    expect(await pareto.count()).toBe(2);
    for (const chart of await pareto.all()) {
      expect(await chart.locator('circle.cs-pareto-point').count()).toBe(2);
      expect(await chart.locator('circle.cs-pareto-point[data-id=v1]').getAttribute('data-front')).toBe('yes');
    }
    // Learning curves: one series per variant; per-layer indicators of a run.
    const curves = page.locator('[data-testid=lab-charts] figure').first();
    expect(await curves.locator('.cs-legend-item').count()).toBe(2);
    const indicators = page.getByTestId('lab-indicators');
    expect(await indicators.locator('figure').count()).toBe(4);
    expect(await indicators.locator('figure').first().locator('.cs-legend-item').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^conv1 \(cond [\d.e+]+\)/), expect.stringMatching(/^fc2 \(cond [\d.e+]+\)/)]),
    );

    // Run again: the finished runs come back from IndexedDB and nothing is trained.
    await page.locator('.studio-lab .studio-train-form button[type=submit]').click();
    // The status still says "done" of the first sweep until the second starts: wait for the second's words.
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toContain('4 kept from an earlier');
    expect(await status.getAttribute('data-status')).toBe('done');
    expect(await done()).toHaveLength(4);
    expect(pageErrors).toEqual([]);
  });

  it('reviews the first-layer filters, exports the report as HTML and reopens a run in the editor', async () => {
    // The filter review: every one of conv1's 8 filters in exactly one group, each group with its peaks drawn.
    const review = page.getByTestId('lab-filter-clusters');
    const sizes = (await review.locator('li').evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-size'))))) as number[];
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(8);
    expect(await review.locator('.studio-lab-kernels canvas').count()).toBe(8);
    expect(await review.locator('.studio-lab-peak-box').count()).toBeGreaterThanOrEqual(sizes.length);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export report (HTML)' }).click()]);
    expect(download.suggestedFilename()).toBe('stride-report.html');
    const html = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('What does stride cost?');
    expect(html).not.toMatch(/<script|src="http/);

    await page.getByRole('button', { name: 'Open in editor' }).click();
    await expect.poll(() => page.locator('button[data-view=maps]').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('weights-origin').getAttribute('data-kind')).toBe('trained');
    expect(await page.getByTestId('weights-origin').textContent()).toContain('lab: What does stride cost?');
    expect(pageErrors).toEqual([]);
  });

  it('stopped mid-run, continues each run from its last finished epoch instead of starting it over', async () => {
    await page.locator('button[data-view=lab]').click();
    await page.getByLabel('Experiment').selectOption('stride');
    // Long enough that Stop lands mid-run even on a fast machine: 12 epochs of 4,000 digits.
    await fill('Samples', '4000');
    await fill('Epochs', '12');
    await fill('Seeds', '1');
    const status = page.getByTestId('lab-status');
    const before = (await epochs()).length;
    await page.locator('.studio-lab .studio-train-form button[type=submit]').click();
    // Stop once a run has finished an epoch and the page has kept it.
    await expect.poll(async () => (await epochs()).length - before, { timeout: 180_000, interval: 100 }).toBeGreaterThan(0);
    await expect.poll(async () => (await partialKeys()).length, { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 60_000 }).toBe('cancelled');
    const stoppedAt = new Map<string, number>();
    for (const e of (await epochs()).slice(before)) stoppedAt.set(e.key, Math.max(stoppedAt.get(e.key) ?? 0, e.epoch));
    const kept = new Set((await partialKeys()).map((k) => k.split(':partial:')[1]));

    const restart = (await epochs()).length;
    await page.locator('.studio-lab .studio-train-form button[type=submit]').click();
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 180_000 }).toBe('done');
    expect(await status.textContent()).toMatch(/continued from their last finished epoch/);
    // Each run kept in progress trains only the epochs after the last one it finished.
    const after = (await epochs()).slice(restart);
    for (const key of kept) {
      const first = Math.min(...after.filter((e) => e.key === key).map((e) => e.epoch));
      expect(first, key).toBe((stoppedAt.get(key) ?? 0) + 1);
    }
    expect(await partialKeys()).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
