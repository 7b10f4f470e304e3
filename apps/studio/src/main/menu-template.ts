import type { MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';
import type { MenuCommand } from '../shared/ipc-contract.js';

/** What the menu calls; given by index.ts so the template stays a pure, tested function. */
export interface MenuActions {
  command(command: MenuCommand): void;
  openRecent(path: string): void;
  clearRecent(): void;
  about(): void;
}

/**
 * The native menus: File, Edit, View, Help (plus the app menu on macOS), with the usual
 * accelerators. Clipboard, zoom and full screen are Electron roles; the rest send a
 * {@link MenuCommand} to the renderer.
 *
 * @example
 * Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate({ platform: process.platform, appName: 'ConvStudio', recent, actions })));
 */
export function buildMenuTemplate(options: { platform: NodeJS.Platform; appName: string; recent: readonly string[]; actions: MenuActions }): MenuItemConstructorOptions[] {
  const { platform, appName, recent, actions } = options;
  const send = (command: MenuCommand) => () => actions.command(command);
  const mac = platform === 'darwin';
  const recentItems: MenuItemConstructorOptions[] = recent.length
    ? [...recent.map((path) => ({ label: basename(path), toolTip: path, click: () => actions.openRecent(path) })), { type: 'separator' as const }, { label: 'Clear Recent', click: actions.clearRecent }]
    : [{ label: 'No Recent Projects', enabled: false }];

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New Project', accelerator: 'CmdOrCtrl+N', click: send('new') },
      { label: 'Open Image…', accelerator: 'CmdOrCtrl+O', click: send('open-image') },
      { label: 'Open Pipeline…', accelerator: 'CmdOrCtrl+Shift+O', click: send('open-pipeline') },
      { label: 'Open Model…', accelerator: 'CmdOrCtrl+Alt+O', click: send('open-model') },
      { label: 'Open Recent', submenu: recentItems },
      { type: 'separator' },
      { label: 'Save', accelerator: 'CmdOrCtrl+S', click: send('save') },
      { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: send('save-as') },
      { type: 'separator' },
      { label: 'Export Feature Maps as PNG…', accelerator: 'CmdOrCtrl+E', click: send('export-maps') },
      { label: 'Export Figure as PNG…', accelerator: 'CmdOrCtrl+Shift+E', click: send('export-figure') },
      ...(mac ? [] : [{ type: 'separator' as const }, { role: 'quit' as const }]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    // Undo and redo go to the renderer, which undoes the text field being typed in or else the
    // pipeline editor's last edit (a role would reach text fields only). Clipboard stays native.
    submenu: [
      { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: send('undo') },
      { label: 'Redo', accelerator: mac ? 'Shift+CmdOrCtrl+Z' : 'CmdOrCtrl+Y', click: send('redo') },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { label: '2D Feature Maps', accelerator: 'CmdOrCtrl+1', click: send('view-2d') },
      { label: '3D Stack', accelerator: 'CmdOrCtrl+2', click: send('view-3d') },
      { type: 'separator' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { role: 'resetZoom' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'The Worked Example (the Document’s Figure)', accelerator: 'F1', click: send('show-document') },
      ...(mac ? [] : [{ label: `About ${appName}`, click: actions.about }]),
    ],
  };
  const appMenu: MenuItemConstructorOptions = {
    label: appName,
    submenu: [{ label: `About ${appName}`, click: actions.about }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
  };
  return mac ? [appMenu, file, edit, view, help] : [file, edit, view, help];
}
