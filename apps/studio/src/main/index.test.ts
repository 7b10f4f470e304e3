import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { eventChannels, invokeChannels } from '../shared/ipc-channels.js';
import { projectText, sampleProject } from '../shared/testing/sample-project.js';

// index.ts is the one file that imports Electron, which cannot be downloaded here. This runs it
// against a recording fake of the parts it uses, to check the wiring: the window's preferences,
// the app:// protocol with its CSP, every IPC channel behind the sender check, the menu, the URL.
const fake = vi.hoisted(() => {
  const userData = { dir: '', set: undefined as string | undefined };
  const record = {
    handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
    protocol: undefined as undefined | ((request: { url: string }) => Promise<Response>),
    schemes: [] as unknown[],
    windows: [] as { options: Record<string, unknown>; url?: string }[],
    menu: undefined as unknown,
    permissionHandler: undefined as unknown,
    appEvents: new Map<string, (...args: unknown[]) => void>(),
    pageEvents: new Map<string, () => void>(),
    sent: [] as { channel: string; payload: unknown }[],
    switches: [] as [string, string | undefined][],
  };
  // Resolved by each test; until then the app is not ready.
  const ready = { resolve: () => undefined as void, promise: Promise.resolve() };
  class BrowserWindow {
    readonly webContents = {
      id: 7,
      on: () => undefined,
      once: (event: string, listener: () => void) => void record.pageEvents.set(event, listener),
      send: (channel: string, payload: unknown) => void record.sent.push({ channel, payload }),
      setWindowOpenHandler: () => undefined,
    };
    readonly entry: { options: Record<string, unknown>; url?: string };
    constructor(options: Record<string, unknown>) {
      this.entry = { options };
      record.windows.push(this.entry);
    }
    on() {}
    once() {}
    isDestroyed() { return false; }
    getNormalBounds() { return { x: 0, y: 0, width: 1440, height: 900 }; }
    isMaximized() { return false; }
    async loadURL(url: string) { this.entry.url = url; }
  }
  const electron = {
    app: {
      isPackaged: true,
      requestSingleInstanceLock: () => true,
      whenReady: () => ready.promise,
      getPath: (name: string) => (name === 'userData' ? userData.set ?? '' : join(userData.dir, name)),
      setPath: (name: string, path: string) => void (name === 'userData' && (userData.set = path)),
      getVersion: () => '0.1.0',
      on: (event: string, listener: (...args: unknown[]) => void) => void record.appEvents.set(event, listener),
      quit: () => undefined,
      commandLine: { appendSwitch: (name: string, value?: string) => void record.switches.push([name, value]) },
    },
    BrowserWindow,
    dialog: {},
    ipcMain: { handle: (channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) => record.handlers.set(channel, listener) },
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: (menu: unknown) => void (record.menu = menu) },
    protocol: { registerSchemesAsPrivileged: (schemes: unknown[]) => record.schemes.push(...schemes), handle: (_scheme: string, handler: typeof record.protocol) => void (record.protocol = handler) },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: { defaultSession: { setPermissionRequestHandler: (h: unknown) => void (record.permissionHandler = h), setPermissionCheckHandler: () => undefined } },
  };
  return { electron, record, userData, ready };
});
vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

/** Loads index.ts afresh, as a new app launch; the app becomes ready when the returned function is called. */
async function launch(userDataDir: string) {
  fake.userData.dir = userDataDir;
  Object.assign(fake.record, { windows: [], sent: [], switches: [], appEvents: new Map(), pageEvents: new Map(), handlers: new Map(), schemes: [] });
  fake.ready.promise = new Promise((resolve) => (fake.ready.resolve = resolve));
  vi.resetModules();
  await import('./index.js');
  return () => fake.ready.resolve();
}

describe('the main process entry (against a fake Electron)', () => {
  it('wires window, protocol, IPC and menu as the plain modules say', async () => {
    (await launch(await mkdtemp(join(tmpdir(), 'convstudio-main-'))))();
    await expect.poll(() => fake.record.windows[0]?.url).toBe('app://studio/index.html');
    const { record } = fake;

    expect(fake.userData.set).toBe(join(fake.userData.dir, 'appData', 'ConvStudio'));
    expect(record.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    // The lab's training workers start with room in their old generation (js-flags.ts).
    expect(record.switches).toEqual([['js-flags', '--initial-old-space-size=128']]);
    expect(record.windows[0].options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String((record.windows[0].options.webPreferences as { preload: string }).preload)).toMatch(/preload[/\\]index\.cjs$/);
    expect(record.permissionHandler).toBeTypeOf('function');
    expect(record.menu).toBeInstanceOf(Array);

    const page = await record.protocol!({ url: 'app://studio/index.html' });
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Security-Policy')).toMatch(/script-src 'self'/);
    // Cross-origin isolation: the pipeline worker gets SharedArrayBuffer, so core's kernels use threads.
    expect(page.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(page.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect((await record.protocol!({ url: 'app://studio/%2e%2e%2fmain%2findex.ts' })).status).toBe(404);

    expect([...record.handlers.keys()].sort()).toEqual(Object.values(invokeChannels).sort());
    const listRecent = record.handlers.get('recent:list')!;
    await expect(listRecent({ sender: { id: 8 }, senderFrame: { url: 'app://studio/index.html' } }, {})).rejects.toThrow(/untrusted sender/);
    await expect(listRecent({ sender: { id: 7 }, senderFrame: { url: 'https://example.com/' } }, {})).rejects.toThrow(/untrusted sender/);
    await expect(listRecent({ sender: { id: 7 }, senderFrame: { url: 'app://studio/index.html' } }, {})).resolves.toEqual([]);
  });

  it('listens for macOS open-file before the app is ready, and opens the project once the window has loaded', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'convstudio-main-'));
    const project = join(dir, 'double-clicked.convstudio.json');
    await writeFile(project, await projectText(sampleProject()));
    const becomeReady = await launch(dir);
    const openFile = fake.record.appEvents.get('open-file');
    expect(openFile).toBeTypeOf('function'); // registered while the app is not ready yet
    const event = { preventDefault: vi.fn() };
    openFile!(event, project);
    expect(event.preventDefault).toHaveBeenCalled();
    becomeReady();
    await expect.poll(() => fake.record.windows[0]?.url).toBe('app://studio/index.html');
    expect(fake.record.sent).toEqual([]); // nothing sent before the page can listen
    fake.record.pageEvents.get('did-finish-load')!();
    await expect.poll(() => fake.record.sent).toEqual([{ channel: eventChannels.onProjectOpened, payload: { path: project, project: sampleProject() } }]);
  });

  it('shows the window and says what failed when autosave cannot start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'convstudio-main-'));
    await mkdir(join(dir, 'appData'));
    await writeFile(join(dir, 'appData', 'ConvStudio'), 'a file where the user-data folder should be');
    (await launch(dir))();
    await expect.poll(() => fake.record.windows[0]?.url).toBe('app://studio/index.html');
    fake.record.pageEvents.get('did-finish-load')!();
    expect(fake.record.sent).toEqual([{ channel: eventChannels.onNotice, payload: { message: expect.stringMatching(/^Autosave is off for this session: its folder .*ConvStudio[/\\]autosave could not be prepared \(.*\)\. Save your work with File › Save\.$/) } }]);
  });
});
