// Screenshots for the READMEs, taken from the web host in headless Chromium (the desktop window
// shows the same renderer): `npx tsx --conditions @convstudio/source scripts/screenshots.ts` in
// apps/studio. Writes docs/screenshots/*.png at 1440x900 (one view each), plus the gallery, the
// tour, a dark-theme view and the smallest supported window (1024x700). `SHOTS=teach` takes only the
// teaching views of issue 15 (gradients, unit inspector, up-convolution, CNN vs FCN, matrix entry).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from '../e2e/browser.js';
import { distinctColours, waitForRun } from '../e2e/page-probes.js';
import { buildWeb, serveWeb } from '../e2e/web-server.js';

const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });

async function open(page: Page, url: string): Promise<void> {
  // The welcome line is dismissed for the view shots; the gallery and tour shots show it instead.
  await page.addInitScript(() => localStorage.setItem('convstudio.welcome', 'dismissed'));
  await page.goto(url);
  await waitForRun(page, 'cpu');
}

async function view(page: Page, id: string, name: string): Promise<void> {
  await page.locator(`button[data-view=${id}]`).click();
  if (id === 'stack') {
    const canvas = page.locator('[data-testid=stack-view] canvas');
    await canvas.waitFor();
    for (let i = 0; i < 60 && (await distinctColours(canvas)) <= 20; i++) await page.waitForTimeout(500);
  }
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${out}${name}.png` });
}

await buildWeb();
const server = await serveWeb();
const browser = await launchChromium();
try {
  await teachingViews();
  if (process.env.SHOTS !== 'teach') await everyOtherView();
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  await server.close();
}

/** The views that show the document's formulas on live numbers (issue 15), each at 1440x900. */
async function teachingViews(): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  page.on('dialog', (dialog) => void dialog.accept());
  await open(page, server.url);

  await page.getByLabel('Project').selectOption('mnist-cnn');
  await waitForRun(page, 'cpu');
  await page.locator('[data-testid=layer-node][data-node-id=conv1]').click();
  await page.locator('button[data-view=gradients]').click();
  // A cell of kernel 4, whose map is alive on this digit (a dead ReLU gives a sum of zeros).
  await page.getByTestId('weight-grad-cell').nth(37).click();
  await page.getByTestId('cell-arithmetic').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${out}gradients.png` });
  await page.getByTestId('cell-arithmetic').scrollIntoViewIfNeeded();
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${out}gradients-cell.png` });
  await view(page, 'compare', 'cnn-vs-fcn');

  await page.getByLabel('Project').selectOption('doc-conv-2x2');
  await waitForRun(page, 'cpu');
  await page.locator('button[data-view=maps]').click();
  await page.locator('table[data-node-id="O"] td[data-row="0"][data-col="0"] button').click();
  await page.getByTestId('unit-inspector').waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${out}unit-inspector.png` });

  await page.getByLabel('Project').selectOption('doc-up-convolution');
  await page.locator('[data-testid=upconv-output]').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${out}up-convolution.png` });
  await page.locator('[data-testid=upconv-transposed-output]').scrollIntoViewIfNeeded();
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${out}up-convolution-transposed.png` });
  await page.getByRole('button', { name: 'Matrix' }).click();
  await page.getByTestId('matrix-text').fill('1 2 3\n4 5\n7 8 9');
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}matrix-entry.png` });
  await page.close();

  // The inspector reached from an image-sized map: the worked example's conv1, one pixel clicked.
  const image = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  await open(image, server.url);
  await image.locator('button[data-view=maps]').click();
  await image.locator('[data-testid=maps-node][data-node-id=conv1] [data-testid=feature-map-tile]').nth(0).click();
  const canvas = image.getByTestId('feature-map-enlarged').locator('canvas');
  const box = await canvas.boundingBox();
  await canvas.click({ position: { x: ((12 + 0.5) * (box?.width ?? 0)) / 24, y: ((9 + 0.5) * (box?.height ?? 0)) / 24 } });
  await image.getByTestId('unit-inspector').waitFor();
  await image.waitForTimeout(500);
  await image.screenshot({ path: `${out}unit-inspector-image.png` });
  await image.close();
}

async function everyOtherView(): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  page.on('dialog', (dialog) => void dialog.accept());
  await open(page, server.url);
  await page.locator('[data-testid=layer-node][data-node-id=conv1]').click();
  await view(page, 'figure', 'figure');
  await view(page, 'maps', 'feature-maps');
  await view(page, 'stack', 'stack-3d');
  await view(page, 'cost', 'cost');

  await page.getByLabel('Project').selectOption('mnist-cnn');
  await waitForRun(page, 'cpu');
  await page.locator('button[data-view=train]').click();
  await page.getByLabel('Samples').fill('2000');
  await page.getByLabel('Epochs').fill('3');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=train-status]')?.getAttribute('data-status') === 'done', undefined, { timeout: 300_000 });
  await view(page, 'train', 'train');

  await page.getByLabel('Project').selectOption('alexnet');
  await waitForRun(page, 'cpu');
  await view(page, 'stack', 'alexnet-stack-3d');
  await view(page, 'cost', 'alexnet-cost');

  const first = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await first.goto(server.url);
  await waitForRun(first, 'cpu');
  await first.waitForTimeout(500);
  await first.screenshot({ path: `${out}welcome.png` });
  await first.getByTestId('welcome').getByRole('button', { name: 'Browse projects' }).click();
  await first.waitForTimeout(800);
  await first.screenshot({ path: `${out}gallery.png` });
  await first.getByRole('button', { name: 'Take the 1-minute tour' }).click();
  await first.getByTestId('tour').getByRole('button', { name: 'Next' }).click();
  await first.waitForTimeout(800);
  await first.screenshot({ path: `${out}tour.png` });

  const dark = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
  await open(dark, server.url);
  await dark.locator('[data-testid=layer-node][data-node-id=conv1]').click();
  await view(dark, 'maps', 'feature-maps-dark');

  const small = await browser.newPage({ viewport: { width: 1024, height: 700 } });
  await open(small, server.url);
  await small.locator('[data-testid=layer-node][data-node-id=conv1]').click();
  await view(small, 'figure', 'figure-1024x700');
}
