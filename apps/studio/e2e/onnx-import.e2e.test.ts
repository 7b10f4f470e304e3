import { readFileSync } from 'node:fs';
import { modelFromNamedTensors, Tensor } from '@convstudio/core';
import { importOnnx } from '@convstudio/core/onnx';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { RunNodeReport } from '../src/renderer/run/run-test-hook.js';
import { callsTo, emit, installFakeBridge } from './fake-bridge.js';
import { waitForRun } from './page-probes.js';
import { studioSession } from './studio-session.js';

// Issue 14 in the studio: a .onnx dropped on the window is imported in a worker, summarised, and
// opened in the editor with its own weights; the maps the studio computes are core's run of the
// imported model on the same input. A damaged or unsupported model says why and changes nothing.

const session = studioSession();
const fixtures = new URL('../../../packages/core/src/onnx/fixtures/', import.meta.url);
const trained = new Uint8Array(readFileSync(new URL('mnist-cnn.onnx', fixtures)));
// The sample the studio shows a one-channel model on (samples.ts: MNIST digit "3"), 0..255 bytes.
const digits = JSON.parse(readFileSync(new URL('../src/renderer/samples/assets/mnist-digits.json', import.meta.url), 'utf8')) as { samples: { label: number; pixels: number[] }[] };
const three = digits.samples.find((s) => s.label === 3)!.pixels;

/** Drops one file on the page as a user's drag and drop does: dragenter, dragover, drop with a DataTransfer. */
async function dropFile(page: Page, name: string, bytes: Uint8Array) {
  await page.evaluate(({ name, base64 }) => {
    const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([data], name, { type: 'application/octet-stream' }));
    for (const type of ['dragenter', 'dragover', 'drop']) document.body.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, { name, base64: Buffer.from(bytes).toString('base64') });
}

async function openStudio(): Promise<Page> {
  const page = await session.browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(session.url);
  await waitForRun(page, 'cpu');
  return page;
}

const largestRelative = (got: readonly number[], want: Float32Array) => {
  const scale = want.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-12);
  return got.reduce((m, v, i) => Math.max(m, Math.abs(v - want[i])), 0) / scale;
};

describe('opening an ONNX model', () => {
  it('imports a dropped trained MNIST CNN, summarises it, and runs its own weights: conv1 maps and scores equal core\'s run', async () => {
    const page = await openStudio();
    await dropFile(page, 'mnist-cnn.onnx', trained);
    const dialog = page.getByTestId('onnx-import');
    await expect.poll(() => dialog.getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
    const row = (label: string) => dialog.locator(`[data-row="${label}"] dd`).textContent();
    expect(await row('Producer')).toBe('pytorch 1.13.0');
    expect(await row('ONNX')).toMatch(/^opset 12, /);
    expect(await row('Layers')).toBe('10: 3 ReLU, 2 Conv 2D, 2 Dense (linear), 2 Max pool, 1 Flatten');
    expect(await row('Parameters')).toBe('52,138');
    expect(await row('Input')).toBe('1 × 28 × 28');
    expect(await dialog.getByTestId('onnx-note').allTextContents()).toContainEqual(expect.stringMatching(/Pad node folded away/));
    await dialog.getByRole('button', { name: 'Show the feature maps' }).click();
    await expect.poll(() => dialog.count()).toBe(0);

    // The editor holds the imported layers, conv1 selected; the maps view shows them on an MNIST 3.
    const ids = await page.locator('[data-testid=layer-node]').evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.nodeId));
    expect(ids).toEqual(expect.arrayContaining(['conv1_Conv', 'conv2_Conv', 'fc1_Gemm', 'fc2_Gemm', 'MaxPool', 'Reshape']));
    await expect.poll(() => page.getByTestId('image-name').textContent()).toBe('Image: MNIST 3 (28×28)');
    await expect.poll(() => page.locator('[data-testid=maps-node][data-node-id=conv1_Conv] [data-testid=feature-map-tile]').count(), { timeout: 60_000 }).toBe(8);
    await waitForRun(page, 'cpu');

    const shown = (await page.evaluate(() => window.__convstudioRun?.(['image', 'conv1_Conv', 'fc2_Gemm']).nodes)) as Record<string, RunNodeReport>;
    expect(Object.keys(shown).sort()).toEqual(['conv1_Conv', 'fc2_Gemm', 'image']);
    // The input really is the digit, as 0..1 values (the scale the model was trained on in PyTorch).
    expect(shown.image.shape).toEqual([1, 1, 28, 28]);
    expect(shown.image.data.reduce((m, v, i) => Math.max(m, Math.abs(v - three[i] / 255)), 0)).toBeLessThanOrEqual(1e-6);

    // Core's own run of the same file on the same input.
    const { pipeline, weights } = importOnnx(trained);
    const model = modelFromNamedTensors(pipeline, weights);
    const outputs = model.forward(new Tensor(Float32Array.from(shown.image.data), [1, 1, 28, 28]));
    const conv1 = outputs.get('conv1_Conv')!;
    expect(shown.conv1_Conv.shape).toEqual([...conv1.shape]);
    expect(largestRelative(shown.conv1_Conv.data, conv1.data)).toBeLessThan(1e-5);
    // The maps are structured, not flat: the digit's strokes light some units and not others.
    const spread = Math.max(...shown.conv1_Conv.data) - Math.min(...shown.conv1_Conv.data);
    expect(spread).toBeGreaterThan(0.5);
    const scores = outputs.get(model.outputId)!;
    expect(largestRelative(shown.fc2_Gemm.data, scores.data)).toBeLessThan(1e-5);
    // The trained network reads the 3 as a 3.
    expect(shown.fc2_Gemm.data.indexOf(Math.max(...shown.fc2_Gemm.data))).toBe(3);
    await page.close();
  });

  it('imports a model with batch norms and runs it with the file\'s running statistics: the maps equal core\'s eval-mode run', async () => {
    const withBatchNorm = new Uint8Array(readFileSync(new URL('batchnorm-dropout.onnx', fixtures)));
    const page = await openStudio();
    await dropFile(page, 'batchnorm-dropout.onnx', withBatchNorm);
    const dialog = page.getByTestId('onnx-import');
    await expect.poll(() => dialog.getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
    // Nothing is lost any more, so nothing is warned about.
    expect(await dialog.getByTestId('onnx-warning').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Show the feature maps' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => page.locator('[data-testid=maps-node][data-node-id=bn_BatchNormalization] [data-testid=feature-map-tile]').count(), { timeout: 60_000 }).toBe(8);
    await waitForRun(page, 'cpu');

    const shown = (await page.evaluate(() => window.__convstudioRun?.(['image', 'bn_BatchNormalization', 'LogSoftmax']).nodes)) as Record<string, RunNodeReport>;
    expect(shown.image.shape).toEqual([1, 3, 16, 16]);
    const { pipeline, weights } = importOnnx(withBatchNorm);
    const x = () => new Tensor(Float32Array.from(shown.image.data), [1, 3, 16, 16]);
    const outputs = modelFromNamedTensors(pipeline, weights).forward(x(), { mode: 'eval' });
    expect(largestRelative(shown.bn_BatchNormalization.data, outputs.get('bn_BatchNormalization')!.data)).toBeLessThan(1e-5);
    expect(largestRelative(shown.LogSoftmax.data, outputs.get('LogSoftmax')!.data)).toBeLessThan(1e-5);
    // Mean 0 / variance 1 (what the studio ran before) gives other maps.
    const defaults = modelFromNamedTensors(pipeline, new Map([...weights].filter(([name]) => !name.includes('.running')))).forward(x(), { mode: 'eval' });
    expect(largestRelative(shown.bn_BatchNormalization.data, defaults.get('bn_BatchNormalization')!.data)).toBeGreaterThan(1e-2);
    await page.close();
  });

  it('opens the model in one run on its sample, the run worker taking the import worker\'s spare copies (no copy on the page)', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1440, height: 900 } });
    // Notes, from the import worker's reply on, what the page sends its pipeline worker.
    await page.addInitScript(() => {
      const log: string[] = [];
      let spares: ArrayBuffer[] | undefined;
      Object.assign(window, { __importLog: log });
      const Real = window.Worker;
      window.Worker = class extends Real {
        constructor(url: string | URL, options?: WorkerOptions) {
          super(url, options);
          if (options?.name === 'convstudio-onnx-import') {
            // Registered before the studio's onmessage, so it sees the reply first.
            this.addEventListener('message', ({ data }: MessageEvent<{ type: string; model?: { tensors: { spare?: Float32Array }[] } }>) => {
              if (data.type !== 'done') return;
              spares = data.model!.tensors.flatMap((t) => (t.spare ? [t.spare.buffer as ArrayBuffer] : []));
              log.push(`done: ${data.model!.tensors.length} tensors, ${spares.length} spares`);
            });
          }
          if (options?.name !== 'convstudio-pipeline') return;
          const post = this.postMessage.bind(this) as (message: unknown, transfer?: Transferable[]) => void;
          this.postMessage = ((message: { type: string; values?: { kept?: true }[] }, transfer?: Transferable[]) => {
            if (spares && message.type === 'image') log.push('image');
            if (spares && message.type === 'run') {
              const moved = (transfer ?? []) as ArrayBuffer[];
              log.push(`run: ${message.values?.filter((v) => !v.kept).length ?? 0} layers' values, ${moved.filter((b) => spares!.includes(b)).length} of ${moved.length} buffers spares`);
            }
            post(message, transfer);
          }) as Worker['postMessage'];
        }
      };
    });
    await page.goto(session.url);
    await waitForRun(page, 'cpu');
    await dropFile(page, 'mnist-cnn.onnx', trained);
    await expect.poll(() => page.getByTestId('onnx-import').getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
    await expect.poll(() => page.locator('[data-testid=maps-node][data-node-id=conv1_Conv] [data-testid=feature-map-tile]').count(), { timeout: 60_000 }).toBe(8);
    await waitForRun(page, 'cpu');
    await page.waitForTimeout(300);
    expect(await page.getByTestId('image-name').textContent()).toBe('Image: MNIST 3 (28×28)');
    // The sample's image went first and one run followed: no run of the model on the old image.
    expect(await page.evaluate(() => (window as unknown as { __importLog: string[] }).__importLog)).toEqual(['done: 8 tensors, 8 spares', 'image', "run: 4 layers' values, 8 of 8 buffers spares"]);
    await page.close();
  });

  it('refuses a damaged and an unsupported model with one sentence, details behind a disclosure, and keeps the open project', async () => {
    const page = await openStudio();
    const before = await page.locator('[data-testid=layer-node]').evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.nodeId));
    expect(before.length).toBeGreaterThan(0);
    const dialog = page.getByTestId('onnx-import');

    await dropFile(page, 'cut-short.onnx', trained.slice(0, 4000));
    await expect.poll(() => dialog.getAttribute('data-status'), { timeout: 60_000 }).toBe('failed');
    expect(await dialog.getByTestId('onnx-error').textContent()).toBe('cut-short.onnx is not a readable ONNX model: it is damaged, cut short or another kind of file.');
    // The details are there, folded away until asked for.
    const detail = dialog.getByTestId('onnx-error-detail');
    expect(await detail.isVisible()).toBe(false);
    await dialog.getByText('Details').click();
    expect(await detail.textContent()).toMatch(/^importOnnx: file is not a readable ONNX model/);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dialog.count()).toBe(0);

    // The trained CNN with every Relu renamed Selu (same length, so still a valid protobuf).
    const unsupported = new Uint8Array(Buffer.from(Buffer.from(trained).toString('latin1').replaceAll('\x22\x04Relu', '\x22\x04Selu'), 'latin1'));
    await dropFile(page, 'selu.onnx', unsupported);
    await expect.poll(() => dialog.getAttribute('data-status'), { timeout: 60_000 }).toBe('failed');
    expect(await dialog.getByTestId('onnx-error').textContent()).toMatch(/^selu\.onnx has \d nodes ConvStudio cannot import \(Selu\), so nothing was opened\.$/);
    expect(await dialog.getByTestId('onnx-error-detail').textContent()).toContain('Supported (ai.onnx, opsets 9 to 21)');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);

    const after = await page.locator('[data-testid=layer-node]').evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.nodeId));
    expect(after).toEqual(before);
    // No image notice either: the .onnx never reached the image handler.
    expect(await page.getByTestId('notice').allTextContents()).toEqual([]);
    await page.close();
  });

  it('asks before replacing unsaved work, and opens from File > Open model and Ctrl+Alt+O', async () => {
    const page = await openStudio();
    const layers = () => page.locator('[data-testid=layer-node]').evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.nodeId));
    // An edit: one more convolution after the first layer.
    const first = (await layers())[1];
    await page.locator(`[data-testid=layer-node][data-node-id="${first}"]`).click();
    await page.locator('[data-testid=palette-item][data-kind=conv2d]').click();
    await expect.poll(() => page.getByTestId('file-menu-button').getAttribute('aria-label')).toBe('File (unsaved changes)');
    const edited = await layers();

    // Declined: the model is not opened and the edit stays.
    const asked: string[] = [];
    page.once('dialog', (d) => void (asked.push(d.message()), d.dismiss()));
    await page.getByTestId('file-menu-button').click();
    const item = page.locator('[role=menu] [data-item="open-model"]');
    expect(await item.getAttribute('aria-keyshortcuts')).toBe('Control+Alt+O Meta+Alt+O');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), item.click()]);
    await chooser.setFiles({ name: 'mnist-cnn.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from(trained) });
    await expect.poll(() => page.getByTestId('notice').allTextContents(), { timeout: 60_000 }).toContainEqual('The model mnist-cnn.onnx was not opened; your project is unchanged. ×');
    expect(asked).toEqual(['Open the model "mnist-cnn"? Your unsaved changes to the current pipeline will be lost.']);
    expect(await page.getByTestId('onnx-import').count()).toBe(0);
    expect(await layers()).toEqual(edited);

    // Accepted, from the keyboard shortcut: the model replaces the project.
    page.once('dialog', (d) => void d.accept());
    const [again] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Control+Alt+KeyO')]);
    await again.setFiles({ name: 'mnist-cnn.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from(trained) });
    await expect.poll(() => page.getByTestId('onnx-import').getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
    expect(await layers()).toContain('conv1_Conv');
    await page.close();
  });

  it('on the desktop host, File > Open Model… asks main for a .onnx through the bridge', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await installFakeBridge(page, { status: 'none' });
    await page.goto(session.url);
    await waitForRun(page, 'cpu');
    await emit(page, 'onMenuCommand', { command: 'open-model' });
    await expect.poll(() => callsTo(page, 'openFile')).toEqual([{ title: 'Open ONNX model', accept: ['.onnx'] }]);
    // The fake dialog was cancelled: nothing opens, nothing is said.
    expect(await page.getByTestId('onnx-import').count()).toBe(0);
    await page.close();
  });

  it('shows progress while the worker imports, and Cancel stops it (the worker ended) leaving the project as it was', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1440, height: 900 } });
    // The import worker is held: it reports that it started reading, then waits, as a big model would.
    await page.addInitScript(() => {
      const Real = window.Worker;
      const state = { terminated: 0 };
      Object.assign(window, { __importWorker: state });
      window.Worker = class extends Real {
        constructor(url: string | URL, options?: WorkerOptions) {
          super(url, options);
          if (options?.name !== 'convstudio-onnx-import') return;
          this.postMessage = (message: { file: Blob }) => {
            const fileBytes = message.file.size;
            setTimeout(() => this.onmessage?.(new MessageEvent('message', { data: { type: 'progress', progress: { stage: 'converting', fraction: 0.55, fileBytes } } })), 50);
          };
          const terminate = this.terminate.bind(this);
          this.terminate = () => {
            state.terminated++;
            terminate();
          };
        }
      };
    });
    await page.goto(session.url);
    await waitForRun(page, 'cpu');
    const before = await page.locator('[data-testid=layer-node]').evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.nodeId));
    await dropFile(page, 'slow.onnx', trained);
    const dialog = page.getByTestId('onnx-import');
    await expect.poll(() => dialog.getByTestId('onnx-progress').textContent().catch(() => '')).toBe('Read 205 KB; converting weights to float32: 50% (55% in all)');
    expect(await dialog.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('55');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __importWorker: { terminated: number } }).__importWorker.terminated)).toBe(1);
    expect(await page.locator('[data-testid=layer-node]').evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.nodeId))).toEqual(before);
    await page.close();
  });
});
