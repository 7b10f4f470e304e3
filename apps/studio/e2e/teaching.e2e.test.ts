import { conv2d, createModel, Tensor, tensor, type Pipeline } from '@convstudio/core';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { UpsamplingScreenReport } from '../src/renderer/upconv/upconv-test-hook.js';
import { waitForRun } from './page-probes.js';
import { studioSession } from './studio-session.js';

// Issue 15's teaching views on live numbers: the up-convolution explorer, the typed-in matrix,
// Copy JSON, and the unit inspector reached from image-sized maps. Numbers are read from the page
// and compared with core's results computed here in Node.
const session = studioSession();

async function newPage(): Promise<Page> {
  const context = await session.browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.url });
  // No File System Access pickers: opening a project goes through the file input, which Playwright can answer.
  await context.addInitScript(() => Object.defineProperty(window, 'showOpenFilePicker', { value: undefined, configurable: true }));
  const page = await context.newPage();
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(session.url);
  await waitForRun(page, 'cpu');
  return page;
}

/** The numbers of a table the page shows, row by row. */
async function table(page: Page, selector: string): Promise<number[][]> {
  const found = page.locator(selector);
  await expect.poll(() => found.count(), { timeout: 30_000 }).toBe(1);
  return found.evaluate((t) => Array.from(t.querySelectorAll('tr'), (tr) => Array.from(tr.querySelectorAll('td'), (td) => Number((td as HTMLElement).dataset.value))));
}

/** Opens a pipeline with a typed-in matrix as a project file, through File › Open project. */
async function openProjectFile(page: Page, pipeline: Pipeline, matrix: { shape: [number, number, number]; values: number[] }, view: string): Promise<void> {
  const project = { format: 'convstudio-project', version: 1, projectId: 'hidden-case', title: 'A pipeline the views have not seen', pipeline, viewState: { view, scale: '0-1', backend: 'cpu', inputMatrix: matrix } };
  await page.getByTestId('file-menu-button').click();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10_000 }), page.locator('[role=menu] [data-item="open"]').click()]);
  await chooser.setFiles({ name: 'hidden.convstudio.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(project)) });
  await expect.poll(() => page.getByTestId('image-name').textContent(), { timeout: 20_000 }).toBe(`Matrix: ${matrix.shape.join('×')} (typed in)`);
}

async function upsamplingReport(page: Page, nodeId: string): Promise<UpsamplingScreenReport> {
  await page.waitForFunction((id) => window.__convstudioUpsampling?.()?.nodeId === id, nodeId, { timeout: 60_000 });
  return (await page.evaluate(() => window.__convstudioUpsampling?.())) as UpsamplingScreenReport;
}

const worst = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));

/** P built here from A: factor − 1 zeros between neighbours, then the padding (negative: cut). */
function zeroInsertAndPad(a: Tensor, factor: number[], pad: { top: number; bottom: number; left: number; right: number }): number[] {
  const [, c, h, w] = a.shape;
  const ph = (h - 1) * factor[0] + 1 + pad.top + pad.bottom;
  const pw = (w - 1) * factor[1] + 1 + pad.left + pad.right;
  const out = new Array<number>(c * ph * pw).fill(0);
  for (let k = 0; k < c; k++) {
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        const r = i * factor[0] + pad.top;
        const q = j * factor[1] + pad.left;
        if (r >= 0 && r < ph && q >= 0 && q < pw) out[(k * ph + r) * pw + q] = a.data[(k * h + i) * w + j];
      }
    }
  }
  return out;
}

describe('the up-convolution explorer', () => {
  it("shows the document's A, P and K ⊗ P, steps through the output, and the transposed convolution equals it", async () => {
    const page = await newPage();
    await page.getByLabel('Project').selectOption('doc-up-convolution');
    await page.getByTestId('upconv-view').locator('[data-testid=upconv-output]').waitFor({ timeout: 30_000 });
    expect(await table(page, '[data-testid=upconv-a][data-channel="0"]')).toEqual([[1, 2], [3, 4]]);
    expect(await table(page, '[data-testid=upconv-p][data-channel="0"]')).toEqual([
      [0, 0, 0, 0, 0], [0, 1, 0, 2, 0], [0, 0, 0, 0, 0], [0, 3, 0, 4, 0], [0, 0, 0, 0, 0],
    ]);
    // Where each cell of P comes from: A, an inserted zero or the padding.
    const symbol: Record<string, string> = { input: 'A', inserted: '0', padding: '.' };
    const roles = await page.locator('[data-testid=upconv-p] tr').evaluateAll((rows) => rows.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => (td as HTMLElement).dataset.role ?? '')));
    expect(roles.map((row) => row.map((r) => symbol[r]).join(''))).toEqual(['.....', '.A0A.', '.000.', '.A0A.', '.....']);
    expect(await table(page, '[data-testid=upconv-k][data-channel="0"]')).toEqual([[1, 0, 1], [0, 1, 0], [1, 0, 1]]);
    expect(await table(page, '[data-testid=upconv-output]')).toEqual([[1, 0, 2], [0, 10, 0], [3, 0, 4]]);
    expect(await table(page, '[data-testid=upconv-transposed-output]')).toEqual([[1, 0, 2], [0, 10, 0], [3, 0, 4]]);
    expect(await page.getByTestId('upconv-check').textContent()).toMatch(/^Equal: all 9 values/);

    // The centre unit reads 1, 2, 3, 4 through K's corners and 5 inserted zeros; its sum is the value shown.
    await page.locator('[data-testid=upconv-output] td[data-row="1"][data-col="1"] button').click();
    const terms = await page.getByTestId('upconv-term').evaluateAll((rows) => rows.map((r) => ({ source: (r as HTMLElement).dataset.source, value: Number((r as HTMLElement).dataset.value), product: Number((r as HTMLElement).dataset.product) })));
    expect(terms.filter((t) => t.source === 'input').map((t) => t.value)).toEqual([1, 2, 3, 4]);
    expect(terms.filter((t) => t.source === 'inserted')).toHaveLength(5);
    expect(terms.reduce((s, t) => s + t.product, 0)).toBe(10);
    expect(Number(await page.getByTestId('upconv-step-value').getAttribute('data-value'))).toBe(10);
    // The window is outlined on P: rows and columns 1..3.
    const marked = await page.locator('[data-testid=upconv-p] td.studio-vgrid-marked').evaluateAll((cells) => cells.map((td) => `${(td as HTMLElement).dataset.row},${(td as HTMLElement).dataset.col}`));
    expect(marked).toEqual(['1,1', '1,2', '1,3', '2,1', '2,2', '2,3', '3,1', '3,2', '3,3']);
    await page.getByRole('button', { name: 'Next' }).click();
    expect(await page.getByTestId('upconv-step').getAttribute('data-col')).toBe('2');
    expect(Number(await page.getByTestId('upconv-step-value').getAttribute('data-value'))).toBe(0);
    await page.context().close();
  });

  it('spells out any pipeline: a transposed convolution and an up-convolution on a typed-in matrix, equal to core in Node', async () => {
    const pipeline = {
      format: 'convstudio-pipeline',
      version: 1,
      seed: 11,
      nodes: [
        { id: 'x', kind: 'input', params: { channels: 2, height: 4, width: 5 } },
        { id: 'tc', kind: 'convTranspose2d', params: { outChannels: 3, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1 } },
        { id: 'act', kind: 'tanh', params: {} },
        { id: 'up', kind: 'upConvolution', params: { outChannels: 2, kernelSize: [2, 3], factor: 3, padding: [1, 0] }, biasValues: [0.25, -0.5] },
      ],
      edges: [{ source: 'x', target: 'tc' }, { source: 'tc', target: 'act' }, { source: 'act', target: 'up' }],
    } as Pipeline;
    const matrix = { shape: [2, 4, 5] as [number, number, number], values: Array.from({ length: 40 }, (_, i) => ((i * 37) % 17) / 4 - 2) };
    const page = await newPage();
    await openProjectFile(page, pipeline, matrix, 'upconv');
    await waitForRun(page, 'cpu');

    // Core in Node: the same seeded weights on the same matrix.
    const model = createModel(pipeline);
    const activations = model.forward(new Tensor(Float32Array.from(matrix.values), [1, 2, 4, 5]));
    for (const [id, source] of [['tc', 'x'], ['up', 'act']] as const) {
      await page.getByLabel('Layer to spell out').selectOption(id);
      const shown = await upsamplingReport(page, id);
      const a = activations.get(source) as Tensor;
      const out = activations.get(id) as Tensor;
      expect(worst(shown.input.data, a.data), `${id}: A`).toBeLessThanOrEqual(1e-5);
      expect(shown.output.shape, id).toEqual([...out.shape]);
      const scale = Math.max(1, ...Array.from(out.data, Math.abs));
      expect(worst(shown.output.data, out.data), `${id}: K ⊗ P`).toBeLessThanOrEqual(1e-4 * scale);
      expect(worst(shown.transposedOutput?.data ?? [], out.data), `${id}: transposed`).toBeLessThanOrEqual(1e-4 * scale);
      expect(shown.maxDifference, id).toBeLessThanOrEqual(1e-4 * scale);
      // P is A with the zeros inserted and the padding the layer implies, built here independently.
      const transposed = shown.transposed as { stride: number[]; padding: number[]; outputPadding: number[] };
      const pad = id === 'tc'
        ? { top: 2 - 1, bottom: 2 - 1 + 1, left: 2 - 1, right: 2 - 1 + 1 }
        : { top: 1, bottom: 1, left: 0, right: 0 };
      // (from the page's A: the worker's tanh may round differently from Node's in the last bit)
      const pageA = new Tensor(Float32Array.from(shown.input.data), shown.input.shape);
      expect(shown.inserted.data).toEqual(zeroInsertAndPad(pageA, id === 'tc' ? [2, 2] : [3, 3], pad));
      expect(transposed).toMatchObject(id === 'tc' ? { stride: [2, 2], padding: [1, 1], outputPadding: [1, 1] } : { stride: [3, 3], padding: [0, 2], outputPadding: [0, 0] });
      // The step shown sums to the value shown, and that value is core's.
      const [row, col] = [Number(await page.getByTestId('upconv-step').getAttribute('data-row')), Number(await page.getByTestId('upconv-step').getAttribute('data-col'))];
      const value = Number(await page.getByTestId('upconv-step-value').getAttribute('data-value'));
      const [, , oh, ow] = out.shape;
      expect(value).toBeCloseTo(out.data[row * ow + col], 4);
      expect(oh * ow).toBeGreaterThan(0);
      const sum = Number(await page.getByTestId('upconv-step-sum').getAttribute('data-value'));
      expect(sum + (id === 'up' ? 0.25 : 0)).toBeCloseTo(value, 4);
    }
    await page.context().close();
  });
});

describe('the typed-in matrix and Copy JSON', () => {
  it('refuses a ragged matrix in words, runs a 4x4 one through the 2x2 example and copies the result as JSON', async () => {
    const page = await newPage();
    await page.getByLabel('Project').selectOption('doc-conv-2x2');
    await page.getByRole('button', { name: 'Matrix' }).click();
    const text = page.getByTestId('matrix-text');
    await text.fill('1 2 3\n4 5');
    expect(await page.getByTestId('matrix-status').textContent()).toBe('Row 2 has 2 values but row 1 has 3: every row needs the same number of values.');
    expect(await page.getByRole('button', { name: 'Use as input' }).isDisabled()).toBe(true);
    await text.fill('1 2 x\n4 5 6');
    expect(await page.getByTestId('matrix-status').textContent()).toBe('Row 1, value 3 is not a number: "x".');
    const values = [[3, -1, 0, 2], [1, 4, -2, 0.5], [0, 0, 1, 1], [-3, 2, 2, 7]];
    await text.fill(values.map((r) => r.join(', ')).join('\n'));
    await page.getByRole('button', { name: 'Use as input' }).click();
    await expect.poll(() => page.getByTestId('image-name').textContent()).toBe('Matrix: 1×4×4 (typed in)');
    await page.locator('button[data-view=maps]').click();
    await waitForRun(page, 'cpu');
    expect(await table(page, 'table[data-testid=map-numbers][data-node-id="X"]')).toEqual(values);
    const expected = conv2d(tensor(values).reshape([1, 1, 4, 4]), tensor([[1, 2], [3, 4]]).reshape([1, 1, 2, 2]));
    const shown = await table(page, 'table[data-testid=map-numbers][data-node-id="O"]');
    expect(shown.flat()).toEqual(Array.from(expected.data));
    await page.getByRole('button', { name: 'Copy JSON of O channel 0' }).click();
    await expect.poll(() => page.getByTestId('copy-status').textContent()).toBe('Copied O channel 0 as JSON');
    expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual(shown);
    await page.context().close();
  });
});

describe('the unit inspector on image-sized maps', () => {
  it("opens from a clicked pixel of an enlarged conv map; its terms sum to the value shown", async () => {
    const page = await newPage();
    await page.locator('button[data-view=maps]').click();
    const conv = page.locator('[data-testid=maps-node][data-node-id=conv1]');
    await conv.getByTestId('feature-map-tile').nth(1).click();
    const enlarged = page.getByTestId('feature-map-enlarged');
    const canvas = enlarged.locator('canvas');
    const box = await canvas.boundingBox();
    if (!box) throw new Error('the enlarged map has no box');
    // conv1's maps are 24x24: the centre of cell (row 10, col 13).
    await canvas.click({ position: { x: ((13 + 0.5) * box.width) / 24, y: ((10 + 0.5) * box.height) / 24 } });
    const inspector = page.getByTestId('unit-inspector');
    await inspector.waitFor({ timeout: 20_000 });
    expect(await inspector.locator('h3').textContent()).toBe('Unit conv1 · channel 1 · row 10 · col 13');
    const products = await inspector.getByTestId('unit-term').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.product)));
    expect(products).toHaveLength(25);
    const sum = products.reduce((s, p) => s + p, 0);
    const shown = Number(await inspector.getByTestId('unit-shown').getAttribute('data-value'));
    const bias = Number(await inspector.getByTestId('unit-bias').textContent());
    expect(sum + bias).toBeCloseTo(shown, 2);
    // Picking closed the enlarged map; opened again, its Copy JSON holds the same value at that cell.
    expect(await enlarged.count()).toBe(0);
    await conv.getByTestId('feature-map-tile').nth(1).click();
    await enlarged.getByRole('button', { name: 'Copy JSON of conv1 channel 1' }).click();
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as number[][];
    expect(copied).toHaveLength(24);
    expect(copied[10][13]).toBe(shown);
    await page.context().close();
  });
});

describe('dL/dW in the inspector', () => {
  it("shows the selected layer's weight gradient under its kernels in gradient mode, equal to the Gradients view's", async () => {
    const page = await newPage();
    await page.getByLabel('Project').selectOption('mnist-cnn');
    await waitForRun(page, 'cpu');
    await page.locator('button[data-view=gradients]').click();
    await page.getByTestId('gradient-value').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid=layer-node][data-node-id=conv2]').click();
    const panel = page.getByTestId('inspector').getByTestId('inspector-weight-grads');
    await panel.waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => !!window.__convstudioGradients?.()?.weights.conv2, undefined, { timeout: 60_000 });
    const expected = (await page.evaluate(() => window.__convstudioGradients?.()?.weights.conv2?.data)) ?? [];
    const cells = await panel.getByTestId('weight-grad-cell').evaluateAll((els) => els.map((e) => [Number((e as HTMLElement).dataset.index), Number((e as HTMLElement).dataset.value)]));
    expect(cells.length).toBeGreaterThan(0);
    for (const [index, value] of cells) expect(value).toBe(expected[index]);
    // A cell clicked there is spelled out in the Gradients view.
    await panel.getByTestId('weight-grad-cell').nth(3).click();
    const arithmetic = page.getByTestId('cell-arithmetic');
    await expect.poll(() => arithmetic.getAttribute('data-node-id'), { timeout: 60_000 }).toBe('conv2');
    expect(Number(await arithmetic.getAttribute('data-index'))).toBe(cells[3][0]);
    await page.context().close();
  });
});
