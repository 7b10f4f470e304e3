// Screenshots of the Lab's dense-prediction experiment and first-layer review for the READMEs,
// from the web host in headless Chromium: `npx tsx --conditions @convstudio/source
// scripts/lab-dense-screenshots.ts` in apps/studio. Runs "CNN vs FCN on dense prediction" (1,500
// digits, 3 epochs, 2 seeds) and writes docs/screenshots/lab-cnn-vs-fcn.png (the view at
// 1440x900), lab-filters.png (the filter review of the CNN's first layer) and lab-reopened.png
// (the run opened in the editor: feature maps with its trained weights).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../e2e/browser.js';
import { waitForRun } from '../e2e/page-probes.js';
import { buildWeb, serveWeb } from '../e2e/web-server.js';

const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });

await buildWeb();
const server = await serveWeb();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  await page.addInitScript(() => localStorage.setItem('convstudio.welcome', 'dismissed'));
  await page.goto(server.url);
  await waitForRun(page, 'cpu');
  await page.locator('button[data-view=lab]').click();
  await page.getByLabel('Experiment').selectOption('cnn-vs-fcn');
  await page.getByLabel('Samples', { exact: true }).fill('1500');
  await page.getByLabel('Epochs', { exact: true }).fill('3');
  await page.getByLabel('Seeds', { exact: true }).fill('2');
  await page.locator('.studio-lab .studio-train-form button[type=submit]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=lab-status]')?.getAttribute('data-status') === 'done', undefined, { timeout: 900_000 });
  await page.waitForTimeout(800);
  await page.mouse.move(0, 0);
  await page.getByTestId('lab-conclusion').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${out}lab-cnn-vs-fcn.png` });
  // The review is taller than the window: a tall viewport for its picture, then back to 1440x900.
  await page.setViewportSize({ width: 1440, height: 2200 });
  await page.waitForTimeout(500);
  const filters = page.locator('section.studio-train-card', { has: page.getByTestId('lab-filter-clusters') });
  await filters.scrollIntoViewIfNeeded();
  await filters.screenshot({ path: `${out}lab-filters.png` });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByRole('button', { name: 'Open in editor' }).click();
  await page.waitForTimeout(1500);
  await waitForRun(page, 'cpu');
  await page.screenshot({ path: `${out}lab-reopened.png` });
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  await server.close();
}
