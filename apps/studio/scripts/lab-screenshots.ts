// Screenshots of the Lab view for the READMEs, from the web host in headless Chromium:
// `npx tsx --conditions @convstudio/source scripts/lab-screenshots.ts` in apps/studio. Runs
// "Are two dense layers enough?" (1,500 digits, 3 epochs, 2 seeds) and writes
// docs/screenshots/lab.png (the view at 1440x900), lab-evidence.png and lab-indicators.png.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../e2e/browser.js';
import { waitForRun } from '../e2e/page-probes.js';
import { buildWeb, serveWeb } from '../e2e/web-server.js';

const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });
const experiment = process.argv[2] ?? 'dense-layers';

await buildWeb();
const server = await serveWeb();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  await page.addInitScript(() => localStorage.setItem('convstudio.welcome', 'dismissed'));
  await page.goto(server.url);
  await waitForRun(page, 'cpu');
  await page.locator('button[data-view=lab]').click();
  await page.getByLabel('Experiment').selectOption(experiment);
  await page.getByLabel('Samples', { exact: true }).fill('1500');
  await page.getByLabel('Epochs', { exact: true }).fill('3');
  await page.getByLabel('Seeds', { exact: true }).fill('2');
  await page.locator('.studio-lab .studio-train-form button[type=submit]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=lab-status]')?.getAttribute('data-status') === 'done', undefined, { timeout: 600_000 });
  await page.waitForTimeout(800);
  // No tooltip in the pictures: the pointer leaves the charts.
  await page.mouse.move(0, 0);
  await page.getByTestId('lab-conclusion').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${out}lab.png` });
  await page.locator('section.studio-train-card', { has: page.getByTestId('lab-charts') }).screenshot({ path: `${out}lab-evidence.png` });
  await page.locator('section.studio-train-card', { has: page.getByTestId('lab-indicators') }).screenshot({ path: `${out}lab-indicators.png` });
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  await server.close();
}
