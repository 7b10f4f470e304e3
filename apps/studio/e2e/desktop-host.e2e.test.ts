import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { callsTo, emit, installFakeBridge } from './fake-bridge.js';
import { waitForRun } from './page-probes.js';
import { serveWeb } from './web-server.js';

// The renderer's desktop path (menus, project files, dirty state, autosave, recovery) in
// Chromium, with the preload's bridge faked: Electron itself cannot be downloaded here.
interface SavedProject {
  format: string;
  title: string;
  pipeline: { nodes: { id: string }[] };
  viewState: { view: string };
}

let browser: Browser;
let server: Awaited<ReturnType<typeof serveWeb>>;
const pageErrors: string[] = [];
const dialogs: string[] = [];

async function openStudio(recovery: unknown): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.accept();
  });
  await installFakeBridge(page, recovery);
  await page.goto(server.url);
  await waitForRun(page, 'cpu');
  return page;
}
const lastState = async (page: Page) => (await callsTo(page, 'setDocumentState')).at(-1) as { dirty: boolean; title: string };
const viewShown = (page: Page) => page.locator('nav[aria-label=Views] button[aria-selected=true]').getAttribute('data-view');

beforeAll(async () => {
  server = await serveWeb();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the studio on the desktop host (fake preload bridge)', () => {
  let page: Page;
  let saved: SavedProject;

  it('starts clean, asks for recovery once, and follows the View menu', async () => {
    page = await openStudio({ status: 'none' });
    expect(await callsTo(page, 'recover')).toHaveLength(1);
    await expect.poll(() => lastState(page)).toMatchObject({ dirty: false });
    await emit(page, 'onMenuCommand', { command: 'view-3d' });
    await expect.poll(() => viewShown(page)).toBe('stack');
    await emit(page, 'onMenuCommand', { command: 'view-2d' });
    await expect.poll(() => viewShown(page)).toBe('maps');
  });

  it('refuses to save a pipeline mid-edit, saying what to fix', async () => {
    const nodes = await page.locator('[data-testid=layer-node]').count();
    await page.locator('[data-testid=palette-item][data-kind=relu]').click();
    await expect.poll(() => lastState(page)).toMatchObject({ dirty: true });
    await emit(page, 'onMenuCommand', { command: 'save' });
    await expect.poll(() => page.getByTestId('notice').allTextContents()).toContainEqual(expect.stringMatching(/^The project cannot be saved until its pipeline is valid: node "relu\d" \(relu\): inputs/));
    expect(await callsTo(page, 'saveProject')).toEqual([]);
    await page.getByTestId('notice').getByRole('button', { name: 'Dismiss' }).click();
    // File > New starts again from the worked example, clean, after asking about the edit.
    await emit(page, 'onMenuCommand', { command: 'new' });
    await expect.poll(() => dialogs).toEqual(['Open "Worked example"? Your unsaved changes to the current pipeline will be lost.']);
    await expect.poll(() => lastState(page)).toMatchObject({ dirty: false });
    await expect.poll(() => page.locator('[data-testid=layer-node]').count()).toBe(nodes);
  });

  it('marks an edit unsaved, autosaves it, and saves it through the bridge', async () => {
    await page.locator('[data-testid=layer-node][data-node-id=pool1]').click();
    await page.locator('[data-testid=palette-item][data-kind=relu]').click();
    await expect.poll(() => lastState(page)).toMatchObject({ dirty: true });
    await expect.poll(() => callsTo(page, 'autosave'), { timeout: 10_000 }).toHaveLength(1);
    await emit(page, 'onMenuCommand', { command: 'save' });
    await expect.poll(() => callsTo(page, 'saveProject')).toHaveLength(1);
    const [request] = (await callsTo(page, 'saveProject')) as { project: SavedProject; saveAs: boolean }[];
    expect(request.saveAs).toBe(true); // never saved: main shows the dialog
    expect(request.project).toMatchObject({ format: 'convstudio-project', projectId: 'worked-example', viewState: { view: 'figure' } });
    saved = request.project;
    // Edit > Undo reaches the pipeline editor: the layer goes, and Redo brings it back.
    const nodes = await page.locator('[data-testid=layer-node]').count();
    await emit(page, 'onMenuCommand', { command: 'undo' });
    await expect.poll(() => page.locator('[data-testid=layer-node]').count()).toBe(nodes - 1);
    await emit(page, 'onMenuCommand', { command: 'redo' });
    await expect.poll(() => page.locator('[data-testid=layer-node]').count()).toBe(nodes);
    await expect.poll(() => lastState(page)).toMatchObject({ dirty: false });
    await emit(page, 'onMenuCommand', { command: 'save' });
    await expect.poll(() => callsTo(page, 'saveProject')).toHaveLength(2);
    expect(((await callsTo(page, 'saveProject'))[1] as { saveAs: boolean }).saveAs).toBe(false);
    // The unsaved-changes prompt's Save asks main to close the window once this save lands.
    await emit(page, 'onMenuCommand', { command: 'save-and-close' });
    await expect.poll(() => callsTo(page, 'saveProject')).toHaveLength(3);
    expect((await callsTo(page, 'saveProject'))[2]).toMatchObject({ saveAs: false, closeAfter: true });
  });

  it('opens a project main sends (command line, recent menu) and exports the view as PNG', async () => {
    await emit(page, 'onProjectOpened', { path: '/home/ada/other.convstudio.json', project: { ...saved, title: 'Other net', viewState: { ...saved.viewState, view: 'cost' } } });
    await expect.poll(() => viewShown(page)).toBe('cost');
    await expect.poll(() => lastState(page)).toEqual({ dirty: false, title: 'Other net' });
    await emit(page, 'onMenuCommand', { command: 'export-maps' });
    await expect.poll(() => callsTo(page, 'captureView')).toHaveLength(1);
    const [capture] = (await callsTo(page, 'captureView')) as { rect: { width: number; height: number }; suggestedName: string }[];
    expect(capture.suggestedName).toBe('feature-maps.png');
    expect(capture.rect.width).toBeGreaterThan(100);
    expect(await viewShown(page)).toBe('maps');
    await page.close();
  });

  it('offers back the work a crashed session left, as unsaved', async () => {
    const recovered = await openStudio({ status: 'recovered', project: { ...saved, title: 'Lost work' }, savedAt: '2026-11-25T10:00:00.000Z' });
    await expect.poll(() => recovered.getByTestId('notice').allTextContents()).toEqual([expect.stringMatching(/^Recovered unsaved work from .*save it to keep it\./)]);
    await expect.poll(() => lastState(recovered)).toEqual({ dirty: true, title: 'Lost work' });
    expect(pageErrors).toEqual([]);
    await recovered.close();
  });
});
