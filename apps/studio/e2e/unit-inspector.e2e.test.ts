import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitForRun } from './page-probes.js';
import { studioSession } from './studio-session.js';

const session = studioSession();
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function openProject(page: Page, id: string): Promise<void> {
  await page.getByLabel('Project').selectOption(id);
  await expect.poll(() => page.getByLabel('Project').inputValue(), { timeout: 20_000 }).toBe(id);
  await page.locator('button[data-view=maps]').click();
}

/** The numbers a map shows, read from the page's table, row by row. */
async function mapNumbers(page: Page, nodeId: string): Promise<number[][]> {
  const table = page.locator(`table[data-testid=map-numbers][data-node-id="${nodeId}"][data-channel="0"]`);
  await expect.poll(() => table.count(), { timeout: 30_000 }).toBe(1);
  return table.evaluate((t) => Array.from(t.querySelectorAll('tr'), (tr) => Array.from(tr.querySelectorAll('td'), (td) => Number(td.textContent))));
}

/** Clicks a unit's number and reads the inspector's terms back. */
async function inspect(page: Page, nodeId: string, row: number, col: number) {
  await page.locator(`table[data-node-id="${nodeId}"][data-channel="0"] td[data-row="${row}"][data-col="${col}"] button`).click();
  const inspector = page.getByTestId('unit-inspector');
  await expect.poll(() => inspector.count(), { timeout: 20_000 }).toBe(1);
  const terms = await inspector.getByTestId('unit-term').evaluateAll((rows) => rows.map((r) => ({ source: r.getAttribute('data-source'), input: Number(r.getAttribute('data-input')), weight: Number(r.getAttribute('data-weight')), product: Number(r.getAttribute('data-product')) })));
  const value = Number(await inspector.getByTestId('unit-value').getAttribute('data-value'));
  const shown = Number(await inspector.getByTestId('unit-shown').getAttribute('data-value'));
  return { terms, value, shown, formula: await inspector.getByTestId('unit-formula').textContent() };
}

describe('unit inspector and the document examples', () => {
  it("shows the document's numbers, and each unit's terms add up to the number shown", async () => {
    const context = await session.browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.url });
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(session.url);
    await waitForRun(page, 'cpu');

    await openProject(page, 'doc-conv-2x2');
    await expect.poll(() => mapNumbers(page, 'O'), { timeout: 30_000 }).toEqual([[37, 47], [67, 77]]);
    expect(await mapNumbers(page, 'X')).toEqual([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    const o11 = await inspect(page, 'O', 0, 0);
    expect(o11.terms.map((t) => [t.input, t.weight])).toEqual([[1, 1], [2, 2], [4, 3], [5, 4]]);
    expect(o11.terms.reduce((s, t) => s + t.input * t.weight, 0)).toBe(o11.shown);
    expect(o11.formula).toContain('= 37');

    // Copy gives CSV equal to the map.
    await page.getByRole('button', { name: 'Copy CSV of O channel 0' }).click();
    await expect.poll(() => page.getByTestId('copy-status').textContent(), { timeout: 10_000 }).toContain('Copied O channel 0');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('37,47\n67,77');

    await openProject(page, 'doc-up-convolution');
    await expect.poll(() => mapNumbers(page, 'KP'), { timeout: 30_000 }).toEqual([[1, 0, 2], [0, 10, 0], [3, 0, 4]]);
    const centre = await inspect(page, 'KP', 1, 1);
    expect(centre.terms.filter((t) => t.source === 'input').map((t) => t.input)).toEqual([1, 2, 3, 4]);
    expect(centre.value).toBe(10);
    expect(centre.shown).toBe(10);

    await openProject(page, 'doc-backprop');
    await expect.poll(() => mapNumbers(page, 'O'), { timeout: 30_000 }).toEqual([[37, 47], [67, 77]]);

    // No serious or critical accessibility violation with the inspector open.
    await inspect(page, 'O', 1, 1);
    await page.addScriptTag({ path: axePath });
    const serious = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(d: Document): Promise<{ violations: { id: string; impact: string | null }[] }> } }).axe.run(document);
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    });
    expect(serious).toEqual([]);
    await context.close();
  });
});
