import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { fitToDisplays, saveWindowState, type Rect, type WindowState } from './window-state.js';

/**
 * The window's constructor options from its remembered state: size and position (when a
 * display still shows it), hidden until the first paint so it never flashes white.
 *
 * @example
 * createSecureWindow(BrowserWindow, windowOptions(state, workAreas), preload);
 */
export function windowOptions(state: WindowState, workAreas: readonly Rect[]): BrowserWindowConstructorOptions {
  const fitted = fitToDisplays(state, workAreas);
  return {
    ...(fitted.x !== undefined && fitted.y !== undefined ? { x: fitted.x, y: fitted.y } : {}),
    width: fitted.width,
    height: fitted.height,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'ConvStudio',
    backgroundColor: '#1e1f24',
  };
}

/**
 * Saves the window's bounds when it moves or resizes (debounced) and when it closes.
 *
 * @example
 * rememberWindowState(win, join(userData, 'window-state.json'));
 */
export function rememberWindowState(win: Pick<BrowserWindow, 'on' | 'getNormalBounds' | 'isMaximized' | 'isDestroyed'>, file: string): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    if (!win.isDestroyed()) void saveWindowState(file, win.getNormalBounds(), win.isMaximized()).catch((error) => console.error(`window state: ${(error as Error).message}`));
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', () => {
    clearTimeout(timer);
    save();
  });
}
