import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { createModel, defaultParamsOf, kernelPreset, runWorkedExample, templates, Tensor, workedExamplePipeline, type Pipeline } from '@convstudio/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunNodeReport } from '../src/renderer/run/run-test-hook.js';
import { launchChromium } from './browser.js';
import { expectCostTableOf } from './cost-probes.js';
import { expectPixelsShow, expectTilesShow } from './map-colours.js';
import { distinctColours, largestDifference, tilePixels, waitForRun } from './page-probes.js';
import { serveWeb } from './web-server.js';

/**
 * The grey levels a map of core's should show: each map is scaled from its own minimum (black)
 * to its maximum (white), as the figure's grids do, one canvas pixel per value.
 */
function expectedGreys(tensor: Tensor): number[] {
  const values = Array.from(tensor.data);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return values.map((v) => (max > min ? Math.round(((v - min) / (max - min)) * 255) : 0));
}

/** The red channel (grey maps have R = G = B) of every canvas pixel in each figure panel, in page order. */
async function figureGreys(page: Page): Promise<number[][]> {
  return page.locator('[data-testid=figure-panel] canvas').evaluateAll((canvases) =>
    (canvases as HTMLCanvasElement[]).map((canvas) => {
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      return Array.from({ length: data.length / 4 }, (_, i) => data[i * 4]);
    }),
  );
}

/**
 * The pipeline the second test builds through the editor, written out from core: the worked
 * example, then after pool1 a convolution of 4 channels with the palette's defaults, a ReLU and a
 * max pool with theirs. The page's own copy never enters it, so an editor that adds a wrong layer
 * or parameter fails the comparisons.
 */
function editedWorkedExample(): Pipeline {
  const base = workedExamplePipeline();
  return {
    ...base,
    nodes: [
      ...base.nodes,
      { id: 'conv2', kind: 'conv2d', params: { ...defaultParamsOf('conv2d'), outChannels: 4 } },
      { id: 'relu2', kind: 'relu', params: defaultParamsOf('relu') },
      { id: 'pool2', kind: 'maxPool2d', params: defaultParamsOf('maxPool2d') },
    ],
    edges: [...base.edges, { source: 'pool1', target: 'conv2' }, { source: 'conv2', target: 'relu2' }, { source: 'relu2', target: 'pool2' }],
  } as Pipeline;
}

// The MNIST "3" the sample picker offers (samples.ts), 0..255 bytes.
const digits = JSON.parse(readFileSync(new URL('../src/renderer/samples/assets/mnist-digits.json', import.meta.url), 'utf8')) as { samples: { label: number; pixels: number[] }[] };
const three = digits.samples.find((s) => s.label === 3)?.pixels ?? [];

// Screenshots of every view, kept as CI artifacts.
const artifacts = fileURLToPath(new URL('../test-results/', import.meta.url));
mkdirSync(artifacts, { recursive: true });
const shoot = (page: Page, name: string) => page.screenshot({ path: `${artifacts}${name}.png` });

let browser: Browser;
let page: Page;
let server: Awaited<ReturnType<typeof serveWeb>>;
const pageErrors: string[] = [];
const dialogs: string[] = [];

beforeAll(async () => {
  server = await serveWeb();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.accept();
  });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the studio in Chromium', () => {
  it("opens to the document's worked example figure, computed", async () => {
    // The worker's CPU backend runs core's WebAssembly SIMD kernels (the page's CSP allows them),
    // on one thread per core: the server's headers make the page cross-origin isolated, which
    // gives the worker the shared memory the kernel threads need.
    const status = await waitForRun(page, 'cpu');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const threads = Number(/CPU \(WebAssembly SIMD, (\d+) threads?\)/.exec(status)?.[1]);
    expect(threads).toBe(Math.min(8, cores));
    const panels = page.getByTestId('figure-panel');
    await expect.poll(() => panels.count()).toBe(7);
    const titles = await panels.evaluateAll((elements) => elements.map((e) => (e as HTMLElement).dataset.title));
    expect(titles).toEqual(['Diagonal Edge Kernel', 'Conv (6)', 'Max Pooled (6)', "'6' Image", 'Rotated Diagonal Edge Kernel', 'Conv (6)', 'Max Pooled (6)']);
    await expect.poll(() => page.locator('[data-testid=figure-panel] canvas').count()).toBe(7);
    // Every panel shows core's numbers for the document's example: the kernels, the 6, both
    // convolutions and both pooled maps, pixel for pixel (within one grey level of rounding).
    const example = runWorkedExample();
    const { diagonal, rotatedDiagonal } = example;
    const expected = [diagonal.kernel, diagonal.convolution, diagonal.pooled, example.six, rotatedDiagonal.kernel, rotatedDiagonal.convolution, rotatedDiagonal.pooled].map(expectedGreys);
    const shown = await figureGreys(page);
    expect(shown.map((greys) => greys.length)).toEqual(expected.map((greys) => greys.length));
    shown.forEach((greys, panel) => expect(largestDifference([greys], [expected[panel]]), titles[panel] ?? String(panel)).toBeLessThanOrEqual(1));
    await shoot(page, '1-figure');
  });

  it("loads a sample image, builds conv -> ReLU -> max-pool through the editor and shows core's values of them, pixel for pixel", async () => {
    await page.getByLabel('Sample').selectOption('mnist-3');
    await expect.poll(() => page.getByTestId('image-name').textContent()).toContain('MNIST 3');

    await page.locator('[data-testid=layer-node][data-node-id=pool1]').click();
    await page.locator('[data-testid=palette-item][data-kind=conv2d]').click();
    await expect.poll(() => page.locator('[data-testid=layer-node][data-node-id=conv2]').count()).toBe(1);
    await page.locator('form[aria-label="Parameters of conv2"] input[name=outChannels]').fill('4');
    await waitForRun(page, 'cpu');
    // The kernel editor sits in the new layer's parameter panel once its weights are computed.
    const preset = page.getByLabel('Preset for out 0, in 0');
    await preset.selectOption('sobelX');
    await page.locator('[data-testid=palette-item][data-kind=relu]').click();
    await page.locator('[data-testid=palette-item][data-kind=maxPool2d]').click();
    await expect.poll(() => page.locator('[data-testid=layer-node]').count()).toBe(8);
    await waitForRun(page, 'cpu');
    await shoot(page, '2-editor');

    await page.locator('button[data-view=maps]').click();
    await expect.poll(async () => (await tilePixels(page, 'pool2')).length).toBe(4);
    // Core in Node runs the same pipeline on the same digit (0..255, the worked example's scale),
    // with the seeded weights and Sobel x written into conv2's first kernel, as the editor did.
    const run = (await page.evaluate(() => window.__convstudioRun?.(['input', 'conv2', 'relu2', 'pool2']).nodes)) as Record<string, RunNodeReport>;
    expect(run.input.shape).toEqual([1, 1, 28, 28]);
    expect(largestDifference([run.input.data], [three])).toBeLessThanOrEqual(1e-4);
    const model = createModel(editedWorkedExample());
    const weight = model.parameters.get('conv2')?.weight;
    if (!weight) throw new Error('core gave conv2 no weight');
    weight.data.set(kernelPreset('sobelX').values, 0);
    const outputs = model.forward(new Tensor(Float32Array.from(three), [1, 1, 28, 28]));
    for (const id of ['conv2', 'relu2', 'pool2']) {
      const want = outputs.get(id) as Tensor;
      expect(run[id].shape, id).toEqual([...want.shape]);
      const scale = Math.max(1, ...Array.from(want.data, Math.abs));
      expect(largestDifference([run[id].data], [Array.from(want.data)]) / scale, `${id}: the page's run against core's`).toBeLessThanOrEqual(1e-5);
      // What is drawn: every tile's pixels are the colours of core's values.
      await expectTilesShow(page, id, want);
    }
    await shoot(page, '3-feature-maps');
  });

  it("draws the 3D stack on a WebGL canvas, and a click on the input's plane opens the digit's values enlarged", async () => {
    await page.locator('button[data-view=stack]').click();
    const canvas = page.locator('[data-testid=stack-view] canvas');
    await canvas.waitFor();
    await expect.poll(() => distinctColours(canvas), { timeout: 30_000 }).toBeGreaterThan(20);
    // A click on the nearest stack (the input's plane) opens that map enlarged and selects its node.
    const box = await canvas.boundingBox();
    if (!box) throw new Error('the 3D canvas has no box');
    await page.mouse.click(box.x + box.width * 0.4, box.y + box.height * 0.55);
    await expect.poll(() => page.getByTestId('feature-map-enlarged').count()).toBe(1);
    // The map opened is the digit itself, in the stack's viridis, one map scaled over its range.
    const enlarged = page.getByTestId('feature-map-enlarged');
    expect(await enlarged.getAttribute('aria-label')).toBe('Channel 0, sample 0 (28x28)');
    const pixels = await enlarged.locator('canvas').evaluate((canvas: HTMLCanvasElement) =>
      Array.from(canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? []),
    );
    expectPixelsShow([pixels], new Tensor(Float32Array.from(three), [1, 1, 28, 28]), 'viridis', 'the enlarged input');
    await shoot(page, '4-stack-3d');
    await page.getByTestId('feature-map-enlarged').getByRole('button', { name: 'Close' }).click();
  });

  it('computes the same feature maps on WebGPU (SwiftShader) as on the CPU', async () => {
    await page.locator('button[data-view=maps]').click();
    const ids = ['input', 'conv1', 'normalize1', 'relu1', 'pool1', 'conv2', 'relu2', 'pool2'];
    const onCpu = await Promise.all(ids.map((id) => tilePixels(page, id)));
    await page.getByLabel('Backend').selectOption('webgpu');
    const status = await waitForRun(page, 'webgpu');
    expect(status).toMatch(/WebGPU/);
    const onGpu = await Promise.all(ids.map((id) => tilePixels(page, id)));
    ids.forEach((id, i) => expect(largestDifference(onCpu[i], onGpu[i]), id).toBeLessThanOrEqual(2));
    await shoot(page, '5-webgpu');
  });

  it("shows the edited pipeline's cost table: every cell is core's cost of the pipeline the editor built", async () => {
    await page.locator('button[data-view=cost]').click();
    await expect.poll(() => page.getByTestId('cost-row').count()).toBe(8);
    await expectCostTableOf(page, editedWorkedExample());
    await shoot(page, '6-cost');
  });

  it('opens AlexNet to its cost table and runs it forward at 224x224', async () => {
    await page.getByLabel('Backend').selectOption('cpu');
    await page.getByLabel('Project').selectOption('alexnet');
    // The worked example was edited, so opening another project asks first (accepted here).
    expect(dialogs).toEqual(['Open "AlexNet"? Your unsaved changes to the current pipeline will be lost.']);
    const macs = page.locator('[data-testid=cost-total] [data-column=macs]');
    // The document's AlexNet total, as core's cost table (and the CLI) count it.
    await expect.poll(() => macs.getAttribute('data-value')).toBe('714188480');
    await expect.poll(() => page.locator('[data-testid=cost-total] [data-column=params]').getAttribute('data-value')).toBe('61100840');
    // Row by row, every number the page shows (as written, not the raw data-value) is core's
    // cost table of the same template.
    const template = templates.find((t) => t.id === 'alexnet');
    if (!template) throw new Error('core has no alexnet template');
    await expectCostTableOf(page, template.build());
    await shoot(page, '7-alexnet-cost');
    await waitForRun(page, 'cpu');
    await page.locator('button[data-view=maps]').click();
    await expect.poll(async () => (await tilePixels(page, 'conv1')).length).toBe(64);
    const first = (await tilePixels(page, 'conv1'))[0];
    expect(first.length).toBe(55 * 55 * 4);
    await shoot(page, '8-alexnet-maps');
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
