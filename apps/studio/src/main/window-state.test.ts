import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW, fitToDisplays, loadWindowState, saveWindowState } from './window-state.js';

const display = { x: 0, y: 0, width: 1920, height: 1080 };

describe('window state', () => {
  it('remembers size, position and maximized across restarts', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'convstudio-window-')), 'window-state.json');
    expect(await loadWindowState(file)).toEqual(DEFAULT_WINDOW);
    await saveWindowState(file, { x: 100.4, y: 50, width: 1200, height: 800 }, true);
    expect(await loadWindowState(file)).toEqual({ x: 100, y: 50, width: 1200, height: 800, maximized: true });
    await writeFile(file, '{"width": 5}');
    expect(await loadWindowState(file)).toEqual(DEFAULT_WINDOW);
  });

  it('drops a position no display shows any more, keeping the size', () => {
    const state = { x: 2500, y: 100, width: 1200, height: 800, maximized: false };
    expect(fitToDisplays(state, [display])).toEqual({ width: 1200, height: 800, maximized: false });
    expect(fitToDisplays(state, [display, { x: 1920, y: 0, width: 1920, height: 1080 }])).toEqual(state);
    expect(fitToDisplays(DEFAULT_WINDOW, [display])).toEqual(DEFAULT_WINDOW);
  });
});
