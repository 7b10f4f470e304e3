import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { largestDifference, tilePixels, waitForRun } from './page-probes.js';
import { studioSession } from './studio-session.js';

// The defects a new user met first: edits lost while runs were in flight, history that crossed
// projects, shortcuts that died when focus fell to the body, refusals that said nothing.

const session = studioSession();

async function openStudio(width = 1440, height = 900): Promise<{ page: Page; errors: string[] }> {
  const page = await session.browser.newPage({ viewport: { width, height } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(session.url);
  await waitForRun(page, 'cpu');
  return { page, errors };
}

const node = (page: Page, id: string) => page.locator(`[data-testid=layer-node][data-node-id="${id}"]`);
const cell = (page: Page, row: number, column: number) => page.getByLabel(`out 0, in 0, row ${row}, column ${column}`, { exact: true });

describe('editing in the studio', () => {
  it('keeps all 25 kernel values typed at machine speed while 1024x1024 runs are in flight', async () => {
    const { page, errors } = await openStudio();
    const size = page.getByLabel('Input size (height x width)');
    await size.fill('1024x1024');
    await size.press('Enter');
    await waitForRun(page, 'cpu');
    await node(page, 'conv1').click();
    // The worked example's kernels are frozen: the inspector says so and offers to unfreeze.
    await expect.poll(() => page.getByTestId('frozen-note').count(), { timeout: 20_000 }).toBe(1);
    expect(await cell(page, 0, 0).getAttribute('readonly')).not.toBeNull();
    await page.getByRole('button', { name: 'Unfreeze to edit' }).click();
    await expect.poll(() => page.getByTestId('frozen-note').count(), { timeout: 20_000 }).toBe(0);

    // Each value replaces a cell's text; Tab moves to the next cell, as a person fills a grid.
    const values = Array.from({ length: 25 }, (_, i) => String(i + 1));
    await cell(page, 0, 0).focus();
    for (const value of values) {
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(value);
      await page.keyboard.press('Tab');
    }
    // The runs started while typing; wait until the maps show the typed weights.
    await expect.poll(() => page.getByTestId('kernel-sync').getAttribute('data-in-sync'), { timeout: 60_000 }).toBe('true');
    await waitForRun(page, 'cpu');
    const shown = await Promise.all(values.map((_, i) => cell(page, Math.floor(i / 5), i % 5).inputValue()));
    expect(shown).toEqual(values);
    expect(await page.getByTestId('kernel-sync').getAttribute('data-in-sync')).toBe('true');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("keeps each project's undo history to itself", async () => {
    const { page } = await openStudio();
    await node(page, 'relu1').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => node(page, 'relu1').count(), { timeout: 20_000 }).toBe(0);
    await page.getByLabel('Project').selectOption('alexnet');
    await expect.poll(() => node(page, 'conv5').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByRole('button', { name: 'Undo' }).isDisabled()).toBe(true);
    await page.locator('body').press('ControlOrMeta+z');
    // Still AlexNet: the worked example's deletion is not AlexNet's to undo.
    expect(await node(page, 'conv5').count()).toBe(1);
    expect(await page.getByLabel('Project').inputValue()).toBe('alexnet');
    await page.close();
  });

  it('undoes a Delete with Ctrl+Z wherever focus is, and reconnects the neighbours of a deleted middle layer', async () => {
    const { page } = await openStudio();
    await node(page, 'relu1').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => node(page, 'relu1').count(), { timeout: 20_000 }).toBe(0);
    // The chain stays whole: normalize1 now feeds pool1, and the studio says so once.
    await expect.poll(() => page.getByTestId('notice').allTextContents(), { timeout: 20_000 }).toEqual([expect.stringContaining('Reconnected normalize1 → pool1')]);
    expect(await page.locator('[data-testid=layer-node][data-invalid=true]').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement === document.body || document.activeElement?.closest('[data-testid=pipeline-editor]') !== null)).toBe(true);
    await page.keyboard.press('ControlOrMeta+z');
    await expect.poll(() => node(page, 'relu1').count(), { timeout: 20_000 }).toBe(1);
    await page.close();
  });

  it('says why a size or a connection is refused, once, where the user looks', async () => {
    const { page } = await openStudio();
    const size = page.getByLabel('Input size (height x width)');
    await size.fill('4096x28');
    await size.press('Enter');
    await expect.poll(() => page.getByTestId('notice').allTextContents(), { timeout: 20_000 }).toEqual([expect.stringContaining('from 1 to 2048 pixels (got 4096x28)')]);
    expect(await size.getAttribute('aria-invalid')).toBe('true');
    await size.press('Enter');
    expect(await page.getByTestId('notice').count()).toBe(1);

    // Dragging pool1's output onto conv1's input would close a cycle. Fit the graph first, so
    // both handles are inside the canvas whatever the pane's height.
    await page.locator('.react-flow__controls-fitview').click();
    await page.waitForTimeout(400);
    const from = await node(page, 'pool1').locator('.react-flow__handle-bottom').boundingBox();
    const to = await node(page, 'conv1').locator('.react-flow__handle-top').boundingBox();
    if (!from || !to) throw new Error('handles not found');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 3 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
    await page.waitForTimeout(200);
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('notice').allTextContents(), { timeout: 20_000 }).toContainEqual(expect.stringContaining('Cannot connect pool1 to conv1: would close a cycle'));
    await page.close();
  });

  it('words a bad parameter for people, with the technical detail behind a disclosure', async () => {
    const { page } = await openStudio();
    await node(page, 'conv1').click();
    const stride = page.locator('form[aria-label="Parameters of conv1"] input[name=stride]');
    await stride.fill('0');
    const error = page.locator('.cs-param-error[data-field=stride]');
    await expect.poll(() => error.getByRole('alert').textContent(), { timeout: 20_000 }).toBe('Stride must be at least 1.');
    expect(await error.locator('details').getAttribute('open')).toBeNull();
    // Not repeated in the status bar: the field is where the user looks.
    expect(await page.getByTestId('notice').count()).toBe(0);
    await page.close();
  });

  it('says when the image is resized to another shape, and crops or fits it on request', async () => {
    const { page } = await openStudio();
    await page.getByLabel('Project').selectOption('tiny-vgg');
    await expect.poll(() => page.getByTestId('image-name').textContent(), { timeout: 30_000 }).toContain('Chelsea');
    await waitForRun(page, 'cpu');
    const control = page.getByTestId('fit-control');
    await expect.poll(() => control.count(), { timeout: 20_000 }).toBe(1);
    expect(await control.textContent()).toMatch(/Image \d+×\d+ → 64×64/);
    await page.locator('button[data-view=maps]').click();
    const inputPixels = () => tilePixels(page, 'input');
    await expect.poll(async () => (await inputPixels()).length).toBeGreaterThan(0);
    const stretched = await inputPixels();
    await page.getByLabel('How the image fills the input').selectOption('pad');
    await expect.poll(async () => largestDifference(stretched, await inputPixels())).toBeGreaterThan(50);
    // Fitted inside: the photo is wider than tall, so the first rows are a bar of one colour (zeros).
    const padded = await inputPixels();
    const side = Math.round(Math.sqrt(padded[0].length / 4));
    const firstRow = new Set(Array.from({ length: side }, (_, x) => padded[0].slice(x * 4, x * 4 + 3).join(',')));
    expect(firstRow.size).toBe(1);
    await page.close();
  });
});
