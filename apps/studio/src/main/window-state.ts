import { z } from 'zod';
import { readJson, writeJson } from './json-store.js';

/** A window's place on screen, as `BrowserWindow.getNormalBounds()` gives it. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface WindowState extends Partial<Pick<Rect, 'x' | 'y'>> {
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW: WindowState = { width: 1440, height: 900, maximized: false };
const MIN = { width: 800, height: 560 };
const schema = z.strictObject({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(MIN.width).max(32768),
  height: z.number().int().min(MIN.height).max(32768),
  maximized: z.boolean(),
});

/**
 * The remembered window size and position, dropped when no display shows enough of it (a monitor
 * was unplugged), so the window never opens off screen.
 *
 * @example
 * const state = fitToDisplays(await loadWindowState(file), screen.getAllDisplays().map((d) => d.workArea));
 */
export function fitToDisplays(state: WindowState, workAreas: readonly Rect[]): WindowState {
  if (state.x === undefined || state.y === undefined) return state;
  const { x, y } = state;
  // Visible enough: the title bar's first 100x40 pixels fall inside some display.
  const visible = workAreas.some((a) => x + 100 > a.x && x < a.x + a.width - 100 && y >= a.y && y + 40 < a.y + a.height);
  return visible ? state : { width: state.width, height: state.height, maximized: state.maximized };
}

/** Reads the remembered state, or the default when there is none or it is damaged. */
export function loadWindowState(file: string): Promise<WindowState> {
  return readJson<WindowState>(file, schema, DEFAULT_WINDOW);
}

/** Remembers the window's normal (unmaximized) bounds and whether it was maximized. */
export function saveWindowState(file: string, bounds: Rect, maximized: boolean): Promise<void> {
  const state: WindowState = { ...bounds, width: Math.max(MIN.width, Math.round(bounds.width)), height: Math.max(MIN.height, Math.round(bounds.height)), maximized };
  return writeJson(file, { ...state, x: Math.round(bounds.x), y: Math.round(bounds.y) });
}
