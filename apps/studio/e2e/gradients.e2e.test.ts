import { Tensor, cnnVsFcn, createModel, mnistCnn, runWorkedExample, softmax } from '@convstudio/core';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { GradientsScreenReport } from '../src/renderer/gradients/gradients-test-hook.js';
import { waitForRun } from './page-probes.js';
import { studioSession } from './studio-session.js';

// Gradient mode (issue 15 A): the numbers on the page are core's backward pass, recomputed here
// in Node from the input the page reports.
const session = studioSession();
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const close = (a: number, b: number, tolerance = 1e-4) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b));

async function report(page: Page): Promise<GradientsScreenReport> {
  await page.waitForFunction(() => !!window.__convstudioGradients?.()?.x, undefined, { timeout: 60_000 });
  return (await page.evaluate(() => window.__convstudioGradients?.())) as GradientsScreenReport;
}

async function openMnistGradients(page: Page): Promise<void> {
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(session.url);
  await waitForRun(page, 'cpu');
  await page.getByLabel('Project').selectOption('mnist-cnn');
  await page.locator('button[data-view=gradients]').click();
  await page.getByTestId('gradient-value').waitFor({ timeout: 60_000 });
}

describe('gradients view', () => {
  it("shows core's backward values, prediction bars that are core's softmax, and a weight's terms that sum to core's dL/dW", async () => {
    const page = await session.browser.newPage({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    await openMnistGradients(page);
    const shown = await report(page);
    // Core in Node, on the input the page ran: the same seeded weights, the same target.
    const model = createModel(mnistCnn());
    const x = new Tensor(Float32Array.from(shown.x?.data ?? []), shown.x?.shape ?? []);
    const activations = model.forward(x);
    const logits = activations.get('fc2') as Tensor;
    const p = softmax(logits).data;
    const top = p.indexOf(Math.max(...p));
    expect(shown.target).toMatchObject({ kind: 'class', index: top, nodeId: 'fc2' });
    const seed = new Float32Array(10);
    seed[top] = 1;
    const grads = model.backward(activations, new Tensor(seed, [1, 10]), 'fc2');
    for (const [id, tensor] of grads.nodes) {
      const values = shown.nodes[id]?.data ?? [];
      expect(values.length, id).toBe(tensor.size);
      const worst = Math.max(...values.map((v, i) => Math.abs(v - tensor.data[i])));
      expect(worst, id).toBeLessThanOrEqual(1e-4 * Math.max(1, ...Array.from(tensor.data, Math.abs)));
    }
    expect(shown.input.data.every((v, i) => close(v, grads.input.data[i], 1e-3))).toBe(true);

    // Prediction bars: ten, summing to 1, each core's softmax.
    const bars = await page.getByTestId('prediction-bar').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.probability)));
    expect(bars).toHaveLength(10);
    expect(bars.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    bars.forEach((b, k) => expect(b).toBeCloseTo(p[k], 5));
    expect(await page.getByTestId('prediction-top').textContent()).toBe(String(top));

    // Click conv1's kernel cell F[1,0,2,3] and read the worked sum.
    const index = ((1 * 1 + 0) * 5 + 2) * 5 + 3;
    await page.locator(`[data-testid=weight-grad-cell][data-index="${index}"]`).first().click();
    const panel = page.getByTestId('cell-arithmetic');
    await panel.waitFor({ timeout: 60_000 });
    const read = async (id: string) => Number(await page.getByTestId(id).getAttribute('data-value'));
    const core = (grads.parameters.get('conv1')?.weight as Tensor).data[index];
    expect(close(await read('cell-core'), core)).toBe(true);
    expect(close(await read('cell-sum'), core, 1e-3)).toBe(true);
    expect(close(await read('cell-fd'), core, 2e-2)).toBe(true);
    expect(await page.getByTestId('cell-term').count()).toBeGreaterThan(0);

    // axe-core: no serious or critical violation on the view with the arithmetic open.
    await page.addScriptTag({ path: axePath });
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(d: Document): Promise<{ violations: { id: string; impact: string | null }[] }> } }).axe.run(document);
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${JSON.stringify((v as unknown as { nodes: { target: string[] }[] }).nodes.slice(0, 3).map((n) => n.target))}`);
    });
    expect(violations).toEqual([]);
    await page.close();
  }, 180_000);

  it('follows a kernel-free edit of the target: the loss for a label seeds softmax − one-hot', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await openMnistGradients(page);
    await page.getByLabel('What L is').selectOption('label');
    await page.getByLabel('Label').selectOption('4');
    await page.waitForFunction(() => window.__convstudioGradients?.()?.target.kind === 'label' && window.__convstudioGradients?.()?.target.index === 4, undefined, { timeout: 60_000 });
    const shown = await report(page);
    const bars = await page.getByTestId('prediction-bar').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.probability)));
    (shown.nodes.fc2?.data ?? []).forEach((d, k) => expect(d).toBeCloseTo(bars[k] - (k === 4 ? 1 : 0), 4));
    await page.close();
  }, 180_000);

  it('CNN vs FCN shows the class vector beside the per-pixel map, with their shapes', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(session.url);
    await waitForRun(page, 'cpu');
    await page.locator('button[data-view=compare]').click();
    await page.getByTestId('fcn-class-map').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('compare-cnn').getAttribute('data-output-shape')).toBe('10');
    expect(await page.getByTestId('compare-fcn').getAttribute('data-output-shape')).toBe('11x28x28');
    expect(await page.getByTestId('fcn-class-map').getAttribute('data-shape')).toBe('11x28x28');
    expect(await page.getByTestId('compare-cnn-caption').textContent()).toMatch(/16×7×7 maps into 784 features/);
    await page.getByTestId('compare-view').getByTestId('prediction-bar').first().waitFor();
    // The CNN's ten bars are core's softmax of the seeded CNN on the image both sides see: the
    // worked example's 6, on its 0..255 scale.
    const cnn = createModel(cnnVsFcn().cnn);
    const scores = cnn.forward(runWorkedExample().six.reshape([1, 1, 28, 28])).get(cnn.outputId) as Tensor;
    const want = Array.from(softmax(scores).data);
    const bars = await page.getByTestId('compare-view').getByTestId('prediction-bar').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.probability)));
    expect(bars).toHaveLength(10);
    bars.forEach((b, k) => expect(b, `class ${k}`).toBeCloseTo(want[k], 5));
    await page.close();
  }, 180_000);
});
