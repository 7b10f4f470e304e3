import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitForRun } from './page-probes.js';
import { studioSession } from './studio-session.js';

// The studio's regions never overlap and nothing a user needs is cut off, at the window sizes
// people use, for every view with a layer selected.

const artifacts = fileURLToPath(new URL('../test-results/layout/', import.meta.url));
mkdirSync(artifacts, { recursive: true });

const session = studioSession();

interface Box { name: string; x: number; y: number; width: number; height: number }

const regions: [string, string][] = [
  ['toolbar', '.studio-toolbar'],
  ['pipeline', 'section[aria-label="Pipeline editor"]'],
  ['inspector', '[data-testid=inspector]'],
  ['view', 'section[aria-label="View"]'],
  ['status bar', '.studio-status'],
];

async function boxes(page: Page): Promise<Box[]> {
  const found: Box[] = [];
  for (const [name, selector] of regions) {
    const box = await page.locator(selector).boundingBox();
    if (box && box.width > 0 && box.height > 0) found.push({ name, ...box });
  }
  return found;
}

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0.5 && h > 0.5 ? w * h : 0;
}

/** Names of the controls whose centre is covered by something else, or that lie outside the window. */
async function hiddenControls(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((elements) =>
    elements.flatMap((element) => {
      const r = element.getBoundingClientRect();
      const name = (element.getAttribute('aria-label') ?? element.textContent ?? '').trim();
      if (r.width === 0 || r.height === 0) return [`${name} (not shown)`];
      if (r.left < 0 || r.top < 0 || r.right > window.innerWidth + 0.5 || r.bottom > window.innerHeight + 0.5) return [`${name} (outside the window)`];
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return top && (top === element || element.contains(top)) ? [] : [`${name} (covered by ${top?.className || top?.tagName})`];
    }),
  );
}

/** Parts of `inner` outside the horizontal extent of `outer`, in px (what is cut off sideways). */
async function sidewaysClip(page: Page, inner: string, outer: string): Promise<number> {
  return page.evaluate(([innerSelector, outerSelector]) => {
    const frame = document.querySelector(outerSelector)?.getBoundingClientRect();
    if (!frame) return 0;
    let worst = 0;
    for (const element of document.querySelectorAll(innerSelector)) {
      const r = element.getBoundingClientRect();
      worst = Math.max(worst, frame.left - r.left, r.right - frame.right);
    }
    return worst;
  }, [inner, outer] as const);
}

/** Kernel cells whose number is cut off at the cell's edge, or does not read as the weight (its title) rounded. */
async function unreadableCells(page: Page): Promise<string[]> {
  return page.locator('[data-testid=inspector] .cs-kernel-input').evaluateAll((inputs) =>
    inputs.flatMap((element) => {
      const input = element as HTMLInputElement;
      const shown = Number(input.value);
      const weight = Number(input.title);
      const label = `${input.getAttribute('aria-label')}: "${input.value}" for ${input.title}`;
      if (input.scrollWidth > input.clientWidth + 1) return [`${label} (cut off)`];
      return Math.abs(shown - weight) <= 0.05 * Math.abs(weight) + 1e-9 ? [] : [`${label} (not the weight)`];
    }),
  );
}

/**
 * Problems reaching the cost table's last column: its scroll box must lie inside the view, and
 * scrolled to its right end the "Memory" header and the total's last cell must be inside it.
 */
async function lastCostColumnReachable(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const view = document.querySelector('[data-testid=view-body]')?.getBoundingClientRect();
    const scroller = document.querySelector('.cs-cost .cs-table-scroll');
    if (!view || !scroller) return ['no cost table'];
    scroller.scrollLeft = scroller.scrollWidth;
    const box = scroller.getBoundingClientRect();
    const problems: string[] = [];
    if (box.left < view.left - 1 || box.right > view.right + 1) problems.push(`scroll box ${box.left}..${box.right} outside the view ${view.left}..${view.right}`);
    const headers = [...scroller.querySelectorAll('thead th')];
    const last = [headers[headers.length - 1], scroller.querySelector('[data-testid=cost-total] td:last-child')];
    for (const cell of last) {
      const r = cell?.getBoundingClientRect();
      if (!r || r.right > Math.min(box.right, view.right) + 1 || r.left < box.left - 1) problems.push(`"${cell?.textContent?.trim()}" cut off (${r?.left}..${r?.right} in ${box.left}..${box.right})`);
    }
    scroller.scrollLeft = 0;
    return problems;
  });
}

const sizes: [number, number][] = [
  [1024, 700],
  [1440, 900],
  [2560, 1440],
];
const views = ['figure', 'maps', 'stack', 'cost', 'train', 'gradients', 'upconv', 'compare', 'lab'];

describe('the layout', () => {
  for (const [width, height] of sizes) {
    it(`keeps every region apart and every control usable at ${width}x${height}`, async () => {
      const page = await session.browser.newPage({ viewport: { width, height } });
      await page.goto(session.url);
      await waitForRun(page, 'cpu');
      await page.locator('[data-testid=layer-node][data-node-id=conv1]').click();
      await page.getByTestId('kernel-sync').waitFor();
      for (const view of views) {
        await page.locator(`button[data-view=${view}]`).click();
        await page.waitForTimeout(300);
        const found = await boxes(page);
        expect(found.map((b) => b.name), view).toEqual(regions.map(([name]) => name));
        for (const box of found) {
          expect(box.x, `${view}: ${box.name} left`).toBeGreaterThanOrEqual(-0.5);
          expect(box.y, `${view}: ${box.name} top`).toBeGreaterThanOrEqual(-0.5);
          expect(box.x + box.width, `${view}: ${box.name} right`).toBeLessThanOrEqual(width + 0.5);
          expect(box.y + box.height, `${view}: ${box.name} bottom`).toBeLessThanOrEqual(height + 0.5);
        }
        for (let i = 0; i < found.length; i++) {
          for (let j = i + 1; j < found.length; j++) expect(overlap(found[i], found[j]), `${view}: ${found[i].name} overlaps ${found[j].name}`).toBe(0);
        }
        // The editor's buttons, the view tabs and the toolbar's controls are visible and clickable.
        expect(await hiddenControls(page, '.cs-pipeline-toolbar button, .studio-views button, .studio-toolbar select, .studio-toolbar button'), view).toEqual([]);
        // The kernel editor and the selected layer's fields fit the inspector's width.
        expect(await sidewaysClip(page, '[data-testid=inspector] .cs-kernel-slot, [data-testid=inspector] .cs-param-field', '[data-testid=inspector]'), view).toBeLessThanOrEqual(1);
        // Every weight reads in full in its cell (rounded to fit where the panel is narrow).
        expect(await unreadableCells(page), view).toEqual([]);
        if (view === 'figure') expect(await sidewaysClip(page, '[data-testid=figure-panel] canvas', '[data-testid=view-body]'), view).toBeLessThanOrEqual(1);
        if (view === 'cost') expect(await lastCostColumnReachable(page), view).toEqual([]);
        await page.screenshot({ path: `${artifacts}${width}x${height}-${view}.png` });
      }

      // The up-convolution explorer with its content and the matrix entry open: still apart and usable.
      await page.getByLabel('Project').selectOption('doc-up-convolution');
      await page.locator('[data-testid=upconv-output]').waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Matrix' }).click();
      await page.getByTestId('matrix-entry').waitFor();
      const found = await boxes(page);
      expect(found.map((b) => b.name), 'upconv + matrix').toEqual(regions.map(([name]) => name));
      for (let i = 0; i < found.length; i++) {
        for (let j = i + 1; j < found.length; j++) expect(overlap(found[i], found[j]), `upconv + matrix: ${found[i].name} overlaps ${found[j].name}`).toBe(0);
      }
      expect(await hiddenControls(page, '.studio-matrix-actions button, .studio-views button, .studio-toolbar select, .studio-toolbar button'), 'matrix entry').toEqual([]);
      // The explorer's step buttons are on screen once scrolled to, and nothing is cut off sideways.
      await page.locator('.studio-upconv-controls').scrollIntoViewIfNeeded();
      expect(await hiddenControls(page, '.studio-upconv-controls button:not(:disabled)'), 'upconv steps').toEqual([]);
      expect(await sidewaysClip(page, '.studio-upconv .studio-grad-card', '[data-testid=view-body]'), 'upconv cards').toBeLessThanOrEqual(1);
      await page.screenshot({ path: `${artifacts}${width}x${height}-upconv-matrix.png` });
      await page.close();
    });
  }

  it('folds the layer inspector to a strip for more view room on a small screen, and brings it back with the kernels as they were', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1024, height: 700 } });
    await page.goto(session.url);
    await waitForRun(page, 'cpu');
    await page.locator('[data-testid=layer-node][data-node-id=conv1]').click();
    await page.getByTestId('kernel-sync').waitFor();
    const cells = () => page.locator('[data-testid=inspector] .cs-kernel-input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).title));
    const before = await cells();
    const viewWidth = async () => (await page.locator('section[aria-label="View"]').boundingBox())!.width;
    const wide = await viewWidth();
    await page.getByRole('button', { name: 'Hide the layer panel' }).click();
    await expect.poll(() => page.getByTestId('inspector').getAttribute('data-collapsed')).toBe('yes');
    await expect.poll(viewWidth).toBeGreaterThan(wide + 200);
    const found = await boxes(page);
    for (let i = 0; i < found.length; i++) for (let j = i + 1; j < found.length; j++) expect(overlap(found[i], found[j]), `${found[i].name} overlaps ${found[j].name}`).toBe(0);
    expect(await hiddenControls(page, '[data-testid=inspector-toggle]')).toEqual([]);
    await page.screenshot({ path: `${artifacts}1024x700-inspector-folded.png` });
    await page.getByRole('button', { name: 'Show the layer panel' }).click();
    await expect.poll(() => page.getByTestId('inspector').getAttribute('data-collapsed')).toBe('no');
    await expect.poll(viewWidth).toBeLessThan(wide + 2);
    expect(await cells()).toEqual(before);
    expect(await unreadableCells(page)).toEqual([]);
    await page.close();
  });
});
