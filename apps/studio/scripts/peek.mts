// Dev aid: opens the built studio in headless Chromium and saves a screenshot (not a test).
import { launchChromium } from '../e2e/browser.js';
import { serveWeb } from '../e2e/web-server.js';
const server = await serveWeb();
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto(server.url);
await page.waitForTimeout(3000);
await page.screenshot({ path: '/tmp/peek-1.png' });
const vp = await page.locator('.react-flow__viewport').getAttribute('style');
console.log('viewport', vp, await page.locator('.react-flow').boundingBox());
await page.locator('.react-flow__controls-fitview').click();
await page.waitForTimeout(500);
console.log('after fit', await page.locator('.react-flow__viewport').getAttribute('style'));
await page.screenshot({ path: '/tmp/peek-2.png' });
await browser.close(); await server.close();
