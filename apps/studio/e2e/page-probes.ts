import { decodeImage } from '@convstudio/core';
import type { Locator, Page } from 'playwright-core';

/** The RGBA pixels of every feature-map tile of one node in the 2D view, in channel order. */
export async function tilePixels(page: Page, nodeId: string): Promise<number[][]> {
  return page.locator(`[data-testid=maps-node][data-node-id="${nodeId}"] [data-testid=feature-map-tile] canvas`).evaluateAll((canvases) =>
    (canvases as HTMLCanvasElement[]).map((canvas) => {
      const context = canvas.getContext('2d');
      return context ? Array.from(context.getImageData(0, 0, canvas.width, canvas.height).data) : [];
    }),
  );
}

/** How many distinct RGB colours a screenshot of `target` holds: 1 means blank. */
export async function distinctColours(target: Locator): Promise<number> {
  const image = decodeImage(new Uint8Array(await target.screenshot()));
  const colours = new Set<number>();
  for (let i = 0; i < image.data.length; i += 4) colours.add((image.data[i] << 16) | (image.data[i + 1] << 8) | image.data[i + 2]);
  return colours.size;
}

/**
 * Waits until the latest run has finished on `backend` and returns its status line; a failed
 * run throws with the error the studio shows.
 */
export async function waitForRun(page: Page, backend: 'cpu' | 'webgpu'): Promise<string> {
  const status = page.getByTestId('run-status');
  await page.waitForFunction(
    (want) => {
      const element = document.querySelector('[data-testid=run-status]') as HTMLElement | null;
      return element?.dataset.status === 'failed' || (element?.dataset.status === 'done' && element.dataset.backend === want);
    },
    backend,
    { timeout: 60_000 },
  );
  if ((await status.getAttribute('data-status')) === 'failed') {
    throw new Error(`the run failed: ${await page.getByTestId('run-error').textContent()}; notices: ${(await page.getByTestId('notice').allTextContents()).join(' | ')}`);
  }
  return (await status.textContent()) ?? '';
}

/** Largest difference between two pixel lists of the same layout. */
export function largestDifference(a: number[][], b: number[][]): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  a.forEach((tile, t) => tile.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b[t][i])))));
  return worst;
}
