import { decodeImage, encodePng, imageToTensor, run, workedExamplePipeline, type Tensor } from '@convstudio/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import type { RunNodeReport } from '../src/renderer/run/run-test-hook.js';
import { largestDifference, waitForRun } from './page-probes.js';
import { serveWeb } from './web-server.js';

let browser: Browser;
let page: Page;
let server: Awaited<ReturnType<typeof serveWeb>>;

beforeAll(async () => {
  server = await serveWeb();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(server.url);
  await waitForRun(page, 'cpu');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A gradient PNG of the given size, as a user's file would be. */
function gradientPng(width: number, height: number): string {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x % 256, y % 256, 128, 255], (y * width + x) * 4);
  return Buffer.from(encodePng({ width, height, data })).toString('base64');
}

/** Fires a drop or paste of one file on the page, the way the browser does for a user. */
async function deliver(how: 'drop' | 'paste', name: string, type: string, base64: string) {
  await page.evaluate(({ how, name, type, base64 }) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, { type }));
    const event = how === 'drop'
      ? new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true })
      : new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true });
    document.body.dispatchEvent(event);
  }, { how, name, type, base64 });
}

describe('getting an image in', () => {
  it('takes a dropped PNG, scaling a large one down with a notice, and runs the pipeline on it', async () => {
    await deliver('drop', 'wide.png', 'image/png', gradientPng(2000, 1500));
    await expect.poll(() => page.getByTestId('image-name').textContent()).toBe('Image: wide.png (1024×768)');
    await expect.poll(() => page.getByTestId('notice').allTextContents()).toContainEqual(expect.stringContaining('wide.png: scaled down from 2000x1500 to 1024x768'));
    await waitForRun(page, 'cpu');
  });

  it("takes a pasted image and runs the worked example on it: the input and conv1 are core's", async () => {
    const png = gradientPng(40, 30);
    await deliver('paste', 'clip.png', 'image/png', png);
    await expect.poll(() => page.getByTestId('image-name').textContent()).toBe('Image: clip.png (40×30)');
    await waitForRun(page, 'cpu');
    // Core in Node: the same PNG as the worked example's 28x28 grey input on its 0..255 scale
    // (stretched: the project's fit), then the pipeline run on it.
    const input = imageToTensor(decodeImage(Buffer.from(png, 'base64')), { mode: 'grayscale', scale: '0-255', size: [28, 28], fit: 'stretch' }).reshape([1, 1, 28, 28]);
    const conv1 = run(workedExamplePipeline(), input).get('conv1') as Tensor;
    const shown = (await page.evaluate(() => window.__convstudioRun?.(['input', 'conv1']).nodes)) as Record<string, RunNodeReport>;
    expect(shown.input.shape).toEqual([1, 1, 28, 28]);
    expect(largestDifference([shown.input.data], [Array.from(input.data)])).toBeLessThanOrEqual(1e-3);
    expect(shown.conv1.shape).toEqual([...conv1.shape]);
    const scale = Math.max(1, ...Array.from(conv1.data, Math.abs));
    expect(largestDifference([shown.conv1.data], [Array.from(conv1.data)]) / scale).toBeLessThanOrEqual(1e-5);
  });

  it('refuses a file that is not an image, keeping the current one', async () => {
    await deliver('drop', 'notes.png', 'image/png', Buffer.from('just some text, not pixels').toString('base64'));
    await expect.poll(() => page.getByTestId('notice').allTextContents()).toContainEqual(expect.stringContaining('notes.png is not a PNG, JPEG, WebP, BMP or GIF image'));
    expect(await page.getByTestId('image-name').textContent()).toBe('Image: clip.png (40×30)');
  });
});
