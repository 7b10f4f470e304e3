import { decodeImage } from '@convstudio/core';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { tilePixels, waitForRun } from './page-probes.js';
import { serveWeb } from './web-server.js';

// Save, open, recent projects and recovery in the web host, in both of its ways to files: the
// File System Access API and downloads with a file input. Headless Chromium has the FSA API's
// functions, but its pickers need a person (Playwright cannot answer them), so the FSA test
// replaces only the two picker functions with ones that hand out real handles from the origin
// private file system: writing, reading, permissions and keeping a handle in IndexedDB across
// reloads are the browser's own.

const cliFixture = fileURLToPath(new URL('../src/shared/testing/cli-worked-example.convstudio.json', import.meta.url));
const downloads = mkdtempSync(join(tmpdir(), 'convstudio-web-save-'));

let browser: Browser;
let server: Awaited<ReturnType<typeof serveWeb>>;
let nativeFsa: { save: string; open: string } | undefined;

beforeAll(async () => {
  server = await serveWeb();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const node = (page: Page, id: string) => page.locator(`[data-testid=layer-node][data-node-id="${id}"]`);
const inputSize = (page: Page) => page.getByLabel('Input size (height x width)');
const notices = (page: Page) => page.getByTestId('notice').allTextContents();

async function newStudio(mode: 'download' | 'fsa'): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  await context.addInitScript((stub) => {
    const w = window as unknown as Record<string, unknown>;
    w.__nativeFsa = { save: typeof w.showSaveFilePicker, open: typeof w.showOpenFilePicker };
    if (!stub) {
      // As in Firefox and Safari: no pickers, so downloads and the file input.
      Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true });
      Object.defineProperty(window, 'showOpenFilePicker', { value: undefined, configurable: true });
      return;
    }
    const calls = { save: 0, open: 0 };
    w.__pickerCalls = calls;
    w.showSaveFilePicker = async ({ suggestedName }: { suggestedName: string }) => {
      calls.save++;
      return (await navigator.storage.getDirectory()).getFileHandle(suggestedName, { create: true });
    };
    w.showOpenFilePicker = async () => {
      calls.open++;
      return [await (await navigator.storage.getDirectory()).getFileHandle(String(w.__openName))];
    };
  }, mode === 'fsa');
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(server.url);
  await waitForRun(page, 'cpu');
  nativeFsa ??= await page.evaluate(() => (window as unknown as { __nativeFsa: { save: string; open: string } }).__nativeFsa);
  return { context, page, errors };
}

/** The edit every test makes: the MNIST 3 sample, a 30x30 input, a second convolution, the maps view. */
async function editProject(page: Page): Promise<void> {
  await page.getByLabel('Sample').selectOption('mnist-3');
  await expect.poll(() => page.getByTestId('image-name').textContent()).toContain('MNIST 3');
  await inputSize(page).fill('30x30');
  await inputSize(page).press('Enter');
  await node(page, 'pool1').click();
  await page.locator('[data-testid=palette-item][data-kind=conv2d]').click();
  await expect.poll(() => node(page, 'conv2').count(), { timeout: 20_000 }).toBe(1);
  await page.locator('button[data-view=maps]').click();
  await waitForRun(page, 'cpu');
}

/** What the page shows of the project: layers, input size, image name and the input's pixels. */
async function shown(page: Page) {
  await waitForRun(page, 'cpu');
  return {
    layers: await page.locator('[data-testid=layer-node]').evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.nodeId).sort()),
    size: await inputSize(page).inputValue(),
    image: await page.getByTestId('image-name').textContent(),
    input: await tilePixels(page, 'input'),
  };
}

async function fileMenu(page: Page, item: string): Promise<void> {
  await page.getByTestId('file-menu-button').click();
  await page.locator(`[role=menu] [data-item="${item}"]`).click();
}

async function recentLabels(page: Page): Promise<string[]> {
  await page.getByTestId('file-menu-button').click();
  const group = page.getByRole('group', { name: 'Recent' });
  await expect.poll(() => group.getByRole('menuitem').count()).toBeGreaterThan(0);
  const labels = await group.getByRole('menuitem').allTextContents();
  await page.keyboard.press('Escape');
  return labels;
}

describe('saving and opening in the web host', () => {
  it('saves as a download (Ctrl+S in a text field), reopens it with the file picker, with the pipeline and the image', async () => {
    const { context, page, errors } = await newStudio('download');
    expect(await page.evaluate(() => typeof (window as unknown as Record<string, unknown>).showSaveFilePicker)).toBe('undefined');
    const menuButton = page.getByTestId('file-menu-button');
    expect(await menuButton.getAttribute('aria-haspopup')).toBe('menu');
    // The menu by keyboard: Down opens it on the first item, End goes to the last, Escape closes it
    // and gives focus back; each command shows its shortcut.
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-item') ?? document.activeElement?.getAttribute('data-testid'));
    await menuButton.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe('new');
    expect(await page.getByRole('menu', { name: 'File' }).locator('kbd').allTextContents()).toEqual(['Ctrl+O', 'Ctrl+Alt+O', 'Ctrl+S', 'Ctrl+Shift+S']);
    await page.keyboard.press('End');
    await expect.poll(focused).toBe('export');
    await page.keyboard.press('Escape');
    await expect.poll(focused).toBe('file-menu-button');
    expect(await page.getByRole('menu').count()).toBe(0);
    await editProject(page);
    const before = await shown(page);
    expect(before.layers).toContain('conv2');
    expect(before.size).toBe('30x30');

    // The shortcut works with the caret in a text field, and the field keeps its text.
    await inputSize(page).focus();
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('ControlOrMeta+s')]);
    expect(await inputSize(page).inputValue()).toBe('30x30');
    const saved = join(downloads, download.suggestedFilename());
    await download.saveAs(saved);
    const file = JSON.parse(readFileSync(saved, 'utf8'));
    expect(file).toMatchObject({ format: 'convstudio-project', image: { name: 'MNIST 3', mimeType: 'image/png', width: 28, height: 28 } });
    expect(file.pipeline.nodes.map((n: { id: string }) => n.id)).toContain('conv2');
    await expect.poll(() => notices(page)).toContainEqual(expect.stringMatching(/^Saved .* as a download/));
    expect(await menuButton.getAttribute('aria-label')).toBe('File');

    // A fresh page is the worked example again; the saved file brings the edit and the image back.
    await page.reload();
    await waitForRun(page, 'cpu');
    expect(await node(page, 'conv2').count()).toBe(0);
    // A click first: after a reload the page may not have the keyboard focus yet on a loaded machine.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    let chooser;
    for (let attempt = 0; attempt < 3 && !chooser; attempt++) {
      [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10_000 }).catch(() => undefined), page.keyboard.press('ControlOrMeta+o')]);
    }
    if (!chooser) throw new Error('Ctrl+O opened no file chooser in three tries');
    await chooser.setFiles(saved);
    await expect.poll(() => node(page, 'conv2').count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('image-name').textContent()).toBe(before.image);
    expect(await shown(page)).toEqual(before);

    // Recent projects outlive the reload and reopen from the copy this browser kept.
    await page.reload();
    await waitForRun(page, 'cpu');
    expect(await recentLabels(page)).toEqual([expect.stringContaining('Worked example')]);
    await page.getByTestId('file-menu-button').click();
    await page.getByRole('group', { name: 'Recent' }).getByRole('menuitem').first().click();
    await expect.poll(() => node(page, 'conv2').count(), { timeout: 20_000 }).toBe(1);
    expect(await shown(page)).toEqual(before);
    await expect.poll(() => notices(page)).toContainEqual(expect.stringMatching(/^Opened the copy of .* this browser kept/));

    // Export PNG of the view: a download of the view's size with the maps in it.
    const view = await page.getByTestId('view-body').boundingBox();
    const [png] = await Promise.all([page.waitForEvent('download'), fileMenu(page, 'export')]);
    const image = decodeImage(new Uint8Array(readFileSync(await png.path())));
    expect([image.width, image.height]).toEqual([Math.round(view?.width ?? 0), Math.round(view?.height ?? 0)]);
    await expect.poll(() => notices(page)).toContainEqual(expect.stringMatching(/^Exported maps\.png: \d+×\d+ px: \d+ canvases.* words, drawn over the view's backgrounds\./));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('saves with the File System Access API, writes the same file again on Save, and reopens it from Recent after a reload', async () => {
    const { context, page, errors } = await newStudio('fsa');
    await editProject(page);
    const before = await shown(page);
    expect([before.size, before.layers.includes('conv2')]).toEqual(['30x30', true]);
    const calls = () => page.evaluate(() => (window as unknown as { __pickerCalls: { save: number; open: number } }).__pickerCalls);
    const fileText = (name: string) => page.evaluate(async (n) => (await (await (await navigator.storage.getDirectory()).getFileHandle(n)).getFile()).text(), name);

    await page.locator('body').press('ControlOrMeta+s');
    await expect.poll(async () => (await calls()).save).toBe(1);
    await expect.poll(() => page.getByTestId('file-menu-button').getAttribute('aria-label')).toBe('File');
    const name = 'Worked-example.convstudio.json';
    expect(JSON.parse(await fileText(name)).pipeline.nodes.map((n: { id: string }) => n.id)).toContain('conv2');

    // Save again after an edit: no picker, the same file.
    await inputSize(page).fill('32x32');
    await inputSize(page).press('Enter');
    await expect.poll(() => page.getByTestId('file-menu-button').getAttribute('aria-label')).toBe('File (unsaved changes)');
    await page.locator('body').press('ControlOrMeta+s');
    await expect.poll(() => page.getByTestId('file-menu-button').getAttribute('aria-label')).toBe('File');
    expect((await calls()).save).toBe(1);
    const written = JSON.parse(await fileText(name));
    expect(written.pipeline.nodes.find((n: { kind: string }) => n.kind === 'input').params).toEqual({ channels: 1, height: 32, width: 32 });
    const after = await shown(page);
    expect(after.size).toBe('32x32');

    // Save As asks again.
    await page.locator('body').press('ControlOrMeta+Shift+s');
    await expect.poll(async () => (await calls()).save).toBe(2);

    // After a reload, the recent entry reopens the file through its handle kept in IndexedDB.
    await page.reload();
    await waitForRun(page, 'cpu');
    expect(await node(page, 'conv2').count()).toBe(0);
    expect(await recentLabels(page)).toHaveLength(1);
    await page.getByTestId('file-menu-button').click();
    await page.getByRole('group', { name: 'Recent' }).getByRole('menuitem').first().click();
    await expect.poll(() => node(page, 'conv2').count(), { timeout: 20_000 }).toBe(1);
    expect(await shown(page)).toEqual(after);
    expect(await notices(page)).not.toContainEqual(expect.stringMatching(/copy/));

    // Open (Ctrl+O) goes through the open picker: here, the CLI's own file opens as a project.
    await page.evaluate(async (text) => {
      const handle = await (await navigator.storage.getDirectory()).getFileHandle('cli.json', { create: true });
      const writable = await handle.createWritable();
      await writable.write(text);
      await writable.close();
      (window as unknown as { __openName: string }).__openName = 'cli.json';
    }, readFileSync(cliFixture, 'utf8'));
    await page.locator('body').press('ControlOrMeta+o');
    await expect.poll(() => node(page, 'conv2').count()).toBe(0);
    expect((await shown(page)).layers).toEqual(['conv1', 'input', 'normalize1', 'pool1', 'relu1']);
    expect(await page.getByLabel('Project').inputValue()).toBe('worked-example');
    expect(errors).toEqual([]);
    console.log(`headless Chromium's own File System Access pickers: showSaveFilePicker is ${nativeFsa?.save}, showOpenFilePicker is ${nativeFsa?.open} (stubbed with OPFS handles here)`);
    await context.close();
  });

  it('autosaves unsaved work and offers it after a reload, once', async () => {
    const { context, page, errors } = await newStudio('download');
    await editProject(page);
    const before = await shown(page);
    // Autosave waits for a pause of 3 s; wait until a recovery point with the whole edit (the
    // maps view included, a change of view state) is in IndexedDB.
    const pointsWithEdit = () =>
      page.evaluate(async () => {
        if (!(await indexedDB.databases()).some((d) => d.name === 'convstudio-web')) return 0;
        return new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('convstudio-web');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const request = open.result.transaction('kv').objectStore('kv').getAll();
            request.onsuccess = () => {
              open.result.close();
              // A recovery point keeps the project itself (older ones kept its text).
              const texts = request.result.map((v: { text?: unknown; project?: unknown }) => (typeof v?.text === 'string' ? v.text : v?.project ? JSON.stringify(v.project, null, 2) : ''));
              resolve(texts.filter((t) => t.includes('"conv2"') && t.includes('"view": "maps"')).length);
            };
          };
        });
      });
    await expect.poll(pointsWithEdit, { timeout: 20_000 }).toBeGreaterThan(0);

    await page.reload();
    await waitForRun(page, 'cpu');
    await expect.poll(() => notices(page), { timeout: 20_000 }).toContainEqual(expect.stringMatching(/^Recovered unsaved work from .*; save it to keep it\./));
    await expect.poll(() => node(page, 'conv2').count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('image-name').textContent()).toBe(before.image);
    expect(await shown(page)).toEqual(before);
    expect(await page.getByTestId('file-menu-button').getAttribute('aria-label')).toBe('File (unsaved changes)');
    await page.getByTestId('file-menu-button').click();
    await expect.poll(() => page.getByRole('group', { name: 'Recovery points' }).getByRole('menuitem').count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');

    // Saved now: the next load starts fresh.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('body').press('ControlOrMeta+s')]);
    expect(download.suggestedFilename()).toMatch(/\.convstudio\.json$/);
    await expect.poll(() => page.getByTestId('file-menu-button').getAttribute('aria-label')).toBe('File');
    // The mark that the work is saved goes to IndexedDB just after; give it a moment to land.
    await page.waitForTimeout(500);
    await page.reload();
    await waitForRun(page, 'cpu');
    expect(await node(page, 'conv2').count()).toBe(0);
    expect(await notices(page)).not.toContainEqual(expect.stringMatching(/Recovered/));
    expect(errors).toEqual([]);
    await context.close();
  });
});
