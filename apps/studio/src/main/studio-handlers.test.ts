import { mkdir, mkdtemp, readFile, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { projectText, sampleProject } from '../shared/testing/sample-project.js';
import { Autosave } from './autosave.js';
import { FileAccess } from './file-access.js';
import { RecentFiles } from './recent-files.js';
import { createStudioHandlers, type Dialogs, MAX_IMAGE_BYTES } from './studio-handlers.js';

let dir: string;
let answers: (string | undefined)[];
let asked: string[];
let states: { dirty: boolean; path?: string }[];

async function setup() {
  const userData = join(dir, 'userData');
  await mkdir(userData, { recursive: true });
  const autosave = new Autosave(join(userData, 'autosave'));
  await autosave.start();
  const dialogs: Dialogs = {
    open: async (o) => (asked.push(`open:${o.title}`), answers.shift()),
    save: async (o) => (asked.push(`save:${o.defaultPath}`), answers.shift()),
  };
  return createStudioHandlers({
    access: new FileAccess(userData),
    recent: await RecentFiles.load(join(userData, 'recent.json')),
    autosave,
    dialogs,
    documentsDir: join(dir, 'Documents'),
    capture: async () => new Uint8Array([137, 80, 78, 71]),
    onDocumentState: (s) => states.push(s),
    onRecentChanged: () => undefined,
  });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'convstudio-handlers-'));
  answers = [];
  asked = [];
  states = [];
});

describe('studio handlers', () => {
  it('saves through a dialog once, then to the same file, and Save As asks again', async () => {
    const { handlers } = await setup();
    answers.push(join(dir, 'net'));
    expect(await handlers.saveProject({ project: sampleProject(), saveAs: false })).toEqual({ status: 'saved', path: join(dir, 'net.convstudio.json') });
    expect(asked).toEqual([`save:${join(dir, 'Documents', 'worked-example.convstudio.json')}`]);
    expect(await handlers.saveProject({ project: { ...sampleProject(), title: 'Changed' }, saveAs: false })).toMatchObject({ status: 'saved' });
    expect(asked).toHaveLength(1);
    expect(JSON.parse(await readFile(join(dir, 'net.convstudio.json'), 'utf8')).title).toBe('Changed');
    expect(states.at(-1)).toEqual({ dirty: false, title: 'Changed', path: join(dir, 'net.convstudio.json') });
    answers.push(undefined);
    expect(await handlers.saveProject({ project: sampleProject(), saveAs: true })).toEqual({ status: 'cancelled' });
    expect(await handlers.listRecent({})).toEqual([join(dir, 'net.convstudio.json')]);
  });

  it('opens a project the user chose, and reports a bad one clearly', async () => {
    const { handlers } = await setup();
    const good = join(dir, 'good.convstudio.json');
    await writeFile(good, await projectText(sampleProject()));
    answers.push(good);
    expect(await handlers.openProject({})).toEqual({ status: 'opened', path: good, project: sampleProject() });
    const bad = join(dir, 'bad.convstudio.json');
    await writeFile(bad, '{"format":"convstudio-project"}');
    answers.push(bad);
    expect(await handlers.openProject({})).toMatchObject({ status: 'error', message: expect.stringMatching(/bad\.convstudio\.json: version: expected 1 or 2, got undefined/) });
  });

  it('opens recent files only from the recent list, forgetting one that has gone', async () => {
    const { handlers, openPath } = await setup();
    expect(await handlers.openRecent({ path: '/etc/passwd' })).toEqual({ status: 'error', message: 'openRecent: /etc/passwd is not in the recent list' });
    const file = join(dir, 'r.convstudio.json');
    await writeFile(file, await projectText(sampleProject()));
    expect(await openPath(file, 'command-line')).toMatchObject({ status: 'opened' });
    expect(await handlers.openRecent({ path: file })).toMatchObject({ status: 'opened', path: file });
    await writeFile(file, 'gone bad');
    expect(await handlers.openRecent({ path: file })).toMatchObject({ status: 'error' });
    expect(await handlers.listRecent({})).toEqual([]);
  });

  it('opens images through the dialog and exports PNGs atomically where the user says', async () => {
    const { handlers } = await setup();
    const image = join(dir, 'cat.png');
    await writeFile(image, new Uint8Array([1, 2, 3]));
    answers.push(image);
    expect(await handlers.openFile({ title: 'Open image', accept: ['.png'] })).toEqual({ status: 'opened', name: 'cat.png', bytes: new Uint8Array([1, 2, 3]) });
    answers.push(join(dir, 'maps.png'));
    expect(await handlers.captureView({ rect: { x: 0, y: 0, width: 10, height: 10 }, suggestedName: 'maps.png' })).toEqual({ status: 'saved', path: join(dir, 'maps.png') });
    expect([...(await readFile(join(dir, 'maps.png')))]).toEqual([137, 80, 78, 71]);
    answers.push(undefined);
    expect(await handlers.openFile({ title: 'Open image', accept: ['.png'] })).toEqual({ status: 'cancelled' });
  });

  it('reads an ONNX model above the image limit (up to what crosses IPC), where an image that size is refused', async () => {
    const { handlers } = await setup();
    const size = MAX_IMAGE_BYTES + 1024;
    // Sparse files: the size is what counts, and nothing is written.
    for (const name of ['big.png', 'big.onnx']) {
      await writeFile(join(dir, name), '');
      await truncate(join(dir, name), size);
    }
    answers.push(join(dir, 'big.png'));
    expect((await handlers.openFile({ title: 'Open image', accept: ['.png'] })).status).toBe('error');
    answers.push(join(dir, 'big.onnx'));
    const model = await handlers.openFile({ title: 'Open ONNX model', accept: ['.onnx'] });
    expect(model.status === 'opened' && model.bytes.byteLength).toBe(size);
  });

  it('autosaves to the user-data folder and clears it once the project is clean', async () => {
    const { handlers } = await setup();
    const result = await handlers.autosave({ project: sampleProject() });
    expect(result).toEqual({ status: 'saved', path: join(dir, 'userData', 'autosave', 'current', 'autosave.convstudio.json') });
    expect(await readFile(join(dir, 'userData', 'autosave', 'current', 'autosave.convstudio.json'), 'utf8')).toBe(await projectText(sampleProject()));
    await handlers.setDocumentState({ dirty: false, title: 'x' });
    await new Promise((r) => setTimeout(r, 20));
    await expect(readFile(join(dir, 'userData', 'autosave', 'current', 'autosave.convstudio.json'))).rejects.toThrow(/ENOENT/);
  });
});
