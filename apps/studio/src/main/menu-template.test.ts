import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '../shared/ipc-contract.js';
import { buildMenuTemplate, type MenuActions } from './menu-template.js';

function build(platform: NodeJS.Platform, recent: string[] = []) {
  const calls: string[] = [];
  const actions: MenuActions = { command: (c: MenuCommand) => calls.push(c), openRecent: (p) => calls.push(`recent:${p}`), clearRecent: () => calls.push('clear'), about: () => calls.push('about') };
  return { template: buildMenuTemplate({ platform, appName: 'ConvStudio', recent, actions }), calls };
}
const items = (menu: MenuItemConstructorOptions) => menu.submenu as MenuItemConstructorOptions[];
const find = (template: MenuItemConstructorOptions[], top: string, label: string) => items(template.find((m) => m.label === top || m.role === top)!).find((i) => i.label === label || i.role === label)!;
const click = (item: MenuItemConstructorOptions) => (item.click as () => void)();

describe('buildMenuTemplate', () => {
  it('has File, Edit, View and Help with the usual accelerators', () => {
    const { template, calls } = build('linux');
    expect(template.map((m) => m.label ?? m.role)).toEqual(['File', 'Edit', 'View', 'help']);
    const expected: [string, string, string, MenuCommand][] = [
      ['File', 'New Project', 'CmdOrCtrl+N', 'new'],
      ['File', 'Open Image…', 'CmdOrCtrl+O', 'open-image'],
      ['File', 'Open Pipeline…', 'CmdOrCtrl+Shift+O', 'open-pipeline'],
      ['File', 'Open Model…', 'CmdOrCtrl+Alt+O', 'open-model'],
      ['File', 'Save', 'CmdOrCtrl+S', 'save'],
      ['File', 'Save As…', 'CmdOrCtrl+Shift+S', 'save-as'],
      ['File', 'Export Feature Maps as PNG…', 'CmdOrCtrl+E', 'export-maps'],
      ['File', 'Export Figure as PNG…', 'CmdOrCtrl+Shift+E', 'export-figure'],
      ['Edit', 'Undo', 'CmdOrCtrl+Z', 'undo'],
      ['Edit', 'Redo', 'CmdOrCtrl+Y', 'redo'],
      ['View', '2D Feature Maps', 'CmdOrCtrl+1', 'view-2d'],
      ['View', '3D Stack', 'CmdOrCtrl+2', 'view-3d'],
    ];
    for (const [top, label, accelerator, command] of expected) {
      const item = find(template, top, label);
      expect(item.accelerator, label).toBe(accelerator);
      click(item);
      expect(calls.at(-1)).toBe(command);
    }
    expect(items(template[1]).map((i) => i.role).filter(Boolean)).toEqual(['cut', 'copy', 'paste', 'selectAll']);
    expect(items(template[2]).map((i) => i.role).filter(Boolean)).toEqual(['zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']);
    click(find(template, 'help', 'About ConvStudio'));
    expect(calls.at(-1)).toBe('about');
  });

  it('lists recent projects by name and opens them by path', () => {
    const { template, calls } = build('linux', ['/home/ada/net.convstudio.json']);
    const recent = items(find(template, 'File', 'Open Recent'));
    expect(recent[0]).toMatchObject({ label: 'net.convstudio.json', toolTip: '/home/ada/net.convstudio.json' });
    click(recent[0]);
    expect(calls).toEqual(['recent:/home/ada/net.convstudio.json']);
    expect(items(find(build('linux').template, 'File', 'Open Recent'))).toEqual([{ label: 'No Recent Projects', enabled: false }]);
  });

  it('puts About and Quit in the app menu on macOS', () => {
    const { template } = build('darwin');
    expect(template.map((m) => m.label ?? m.role)).toEqual(['ConvStudio', 'File', 'Edit', 'View', 'help']);
    expect(items(template[0]).map((i) => i.label ?? i.role)).toContain('About ConvStudio');
    expect(items(template[1]).some((i) => i.role === 'quit')).toBe(false);
    expect(find(template, 'Edit', 'Redo').accelerator).toBe('Shift+CmdOrCtrl+Z');
  });
});
