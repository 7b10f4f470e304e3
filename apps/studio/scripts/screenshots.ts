// Screenshots for the README, taken from the web host in headless Chromium (the desktop window
// shows the same renderer): `npx tsx scripts/screenshots.ts` in apps/studio. Writes
// docs/screenshots/*.png.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../e2e/browser.js';
import { distinctColours, waitForRun } from '../e2e/page-probes.js';
import { buildWeb, serveWeb } from '../e2e/web-server.js';

const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });

await buildWeb();
const server = await serveWeb();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
  await waitForRun(page, 'cpu');
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${out}figure.png` });

  await page.getByLabel('Project').selectOption('mnist-cnn');
  await waitForRun(page, 'cpu');
  await page.locator('button[data-view=maps]').click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${out}feature-maps.png` });

  await page.locator('button[data-view=stack]').click();
  const canvas = page.locator('[data-testid=stack-view] canvas');
  await canvas.waitFor();
  for (let i = 0; i < 60 && (await distinctColours(canvas)) <= 20; i++) await page.waitForTimeout(500);
  await page.screenshot({ path: `${out}stack-3d.png` });

  await page.getByLabel('Project').selectOption('alexnet');
  await page.locator('button[data-view=cost]').click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${out}cost.png` });
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  await server.close();
}
