import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { tilePixels, waitForRun } from './page-probes.js';
import { serveWeb } from './web-server.js';

let browser: Browser;
let page: Page;
let server: Awaited<ReturnType<typeof serveWeb>>;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await serveWeb();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(server.url);
  await waitForRun(page, 'cpu');
  await page.getByLabel('Project').selectOption('mnist-cnn');
  await waitForRun(page, 'cpu');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const fill = async (label: string, value: string) => page.getByLabel(label, { exact: true }).fill(value);

describe('training in the studio', () => {
  it('trains the MNIST CNN in a worker, charts each epoch, and puts the learned filters into the pipeline', async () => {
    await page.locator('button[data-view=maps]').click();
    const before = await tilePixels(page, 'conv1');
    await page.locator('button[data-view=train]').click();
    await fill('Samples', '600');
    await fill('Epochs', '2');
    await page.locator('.studio-train-form button[type=submit]').click();
    const status = page.getByTestId('train-status');
    await expect.poll(() => page.getByTestId('train-status').count()).toBe(1);
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 120_000 }).toBe('done');
    await expect.poll(() => page.locator('.studio-train-charts svg').count()).toBe(2);
    await expect.poll(() => page.getByTestId('train-diagnosis').textContent()).toMatch(/relu/i);
    // The trained weights changed the pipeline, so the feature maps were recomputed with them.
    await waitForRun(page, 'cpu');
    await page.locator('button[data-view=maps]').click();
    await expect.poll(async () => JSON.stringify(await tilePixels(page, 'conv1')) !== JSON.stringify(before)).toBe(true);
    await page.screenshot({ path: new URL('../test-results/9-trained.png', import.meta.url).pathname });
  });

  it('stops a longer run when asked, keeping what was learned', async () => {
    await page.locator('button[data-view=train]').click();
    await fill('Samples', '4000');
    await fill('Epochs', '20');
    await page.locator('.studio-train-form button[type=submit]').click();
    const status = page.getByTestId('train-status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 60_000 }).toBe('training');
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 30_000 }).toBe('cancelled');
    expect(pageErrors).toEqual([]);
  });
});
