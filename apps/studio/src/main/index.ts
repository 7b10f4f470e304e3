// The Electron main process: the only file here that imports `electron`. Everything it does is
// delegated to plain modules (tested in Node with real files and fakes); this file wires them to
// the app, the window, dialogs and IPC.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session } from 'electron';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CROSS_ORIGIN_ISOLATION_HEADERS } from '../shared/cross-origin-isolation.js';
import { eventChannels, type EventMethod } from '../shared/ipc-channels.js';
import type { EventPayload, MenuCommand } from '../shared/ipc-contract.js';
import { rememberWindowState, windowOptions } from './app-window.js';
import { mimeType, resolveAppFile } from './app-protocol.js';
import { Autosave, startAutosave } from './autosave.js';
import { projectFromArgv } from './command-line.js';
import { FileAccess } from './file-access.js';
import { registerIpcHandlers } from './ipc-handlers.js';
import { createLabHandlers } from './lab-handlers.js';
import { openLabStore } from './lab-store-file.js';
import { buildMenuTemplate } from './menu-template.js';
import { createOpenQueue } from './open-queue.js';
import { RecentFiles } from './recent-files.js';
import { APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY, createSecureWindow, harden, isAppUrl } from './security.js';
import { createStudioHandlers } from './studio-handlers.js';
import { closePrompt, type ClosePromptChoice } from './close-prompt.js';
import { STUDIO_JS_FLAGS } from './js-flags.js';
import { loadWindowState } from './window-state.js';

const here = dirname(fileURLToPath(import.meta.url));
const rendererRoot = join(here, '../renderer');
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

// One user-data folder, named for the product, in development and when packaged (Electron would
// otherwise name it after package.json's scoped name): autosaves, recent files, window state.
app.setPath('userData', join(app.getPath('appData'), 'ConvStudio'));
// Read by each renderer isolate when it starts, so set before the first window (js-flags.ts says why).
app.commandLine.appendSwitch('js-flags', STUDIO_JS_FLAGS);
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

// macOS sends a project double-clicked while the app is closed as `open-file` before `ready`:
// listen now, and hold the paths until the window has loaded.
const openQueue = createOpenQueue();
app.on('open-file', (event, path) => {
  event.preventDefault();
  openQueue.push(path);
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void main();
}

async function main(): Promise<void> {
  await app.whenReady();
  const userData = app.getPath('userData');
  const access = new FileAccess(userData);
  const recent = await RecentFiles.load(join(userData, 'recent.json'));
  const autosave = new Autosave(join(userData, 'autosave'));
  // A user-data folder that cannot be written must not stop the window: it opens and says so.
  const autosaveStarted = await startAutosave(autosave);
  const stateFile = join(userData, 'window-state.json');

  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(request.url, rendererRoot);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      return new Response(await readFile(file), { headers: { 'Content-Type': mimeType(file), 'Content-Security-Policy': CONTENT_SECURITY_POLICY, ...CROSS_ORIGIN_ISOLATION_HEADERS } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });

  const placement = windowOptions(await loadWindowState(stateFile), screen.getAllDisplays().map((d) => d.workArea));
  const win = createSecureWindow(BrowserWindow, placement, join(here, '../preload/index.cjs'));
  harden(win.webContents, session.defaultSession, devServerUrl);
  rememberWindowState(win, stateFile);
  const send = <E extends EventMethod>(event: E, payload: EventPayload<E>) => {
    if (!win.isDestroyed()) win.webContents.send(eventChannels[event], payload);
  };
  const command = (c: MenuCommand) => send('onMenuCommand', { command: c });

  let dirty = false;
  let closing = false;
  const studio = createStudioHandlers({
    access, recent, autosave,
    documentsDir: app.getPath('documents'),
    dialogs: {
      open: async (o) => (await dialog.showOpenDialog(win, { title: o.title, filters: o.filters, properties: ['openFile'] })).filePaths[0],
      save: async (o) => (await dialog.showSaveDialog(win, { title: o.title, defaultPath: o.defaultPath, filters: o.filters })).filePath || undefined,
    },
    capture: async (rect) => new Uint8Array((await win.webContents.capturePage(rect)).toPNG()),
    onDocumentState: (state) => {
      dirty = state.dirty;
      win.setDocumentEdited(state.dirty);
      if (state.path) win.setRepresentedFilename(state.path);
      win.setTitle(`${state.dirty ? '• ' : ''}${state.title} — ConvStudio`);
    },
    onRecentChanged: () => setMenu(),
  });
  const { handlers } = studio;
  const saveProject = handlers.saveProject;
  handlers.saveProject = async (request) => {
    const result = await saveProject(request);
    // The close prompt's Save: close once this save has landed; a cancelled or refused save keeps
    // the window open with nothing left pending.
    if (result.status === 'saved' && request.closeAfter) {
      closing = true;
      win.close();
    }
    return result;
  };
  // The lab's runs: SQLite in the user-data folder, through node:sqlite (Electron's own Node), no native module.
  const lab = createLabHandlers({ openStore: () => openLabStore(userData), codeVersion: `studio ${app.getVersion()}` });
  registerIpcHandlers(ipcMain, { ...handlers, ...lab.handlers }, (event) => event.sender.id === win.webContents.id && isAppUrl(event.senderFrame?.url ?? '', devServerUrl));

  const openFromOutside = async (path: string) => {
    const result = await studio.openPath(path, 'command-line');
    if (result.status === 'opened') send('onProjectOpened', { path: result.path, project: result.project });
    else send('onNotice', { message: result.message });
  };
  function setMenu() {
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate({
      platform: process.platform,
      appName: 'ConvStudio',
      recent: recent.paths,
      actions: {
        command,
        openRecent: (path) => void Promise.resolve(handlers.openRecent({ path })).then((r) => (r.status === 'opened' ? send('onProjectOpened', { path: r.path, project: r.project }) : r.status === 'error' && send('onNotice', { message: r.message }))),
        clearRecent: () => void Promise.all(recent.paths.map((p) => recent.remove(p))).then(setMenu),
        about: () => void dialog.showMessageBox(win, { title: 'About ConvStudio', message: `ConvStudio ${app.getVersion()}`, detail: `See, build and understand convolutional networks.\nElectron ${process.versions.electron}, Chromium ${process.versions.chrome}, Node ${process.versions.node}.` }),
      },
    })));
  }
  setMenu();

  win.on('close', (event) => {
    if (!dirty || closing) return;
    event.preventDefault();
    void closePrompt((o) => dialog.showMessageBox(win, o)).then((choice: ClosePromptChoice) => {
      if (choice === 'save') command('save-and-close'); else if (choice === 'discard') {
        closing = true;
        win.close();
      }
    });
  });
  win.on('closed', () =>
    void autosave.finish().finally(() => {
      lab.close();
      app.quit();
    }),
  );
  app.on('second-instance', (_event, argv, cwd) => {
    if (win.isMinimized()) win.restore();
    win.focus();
    const path = projectFromArgv(argv, cwd);
    if (path) void openFromOutside(path);
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.once('did-finish-load', () => {
    if ('error' in autosaveStarted) send('onNotice', { message: autosaveStarted.error });
    const path = projectFromArgv(process.argv, process.cwd());
    if (path) void openFromOutside(path);
    openQueue.attach((queued) => void openFromOutside(queued));
  });
  await win.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
}
