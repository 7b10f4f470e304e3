import type { BrowserWindowConstructorOptions } from 'electron';

/** The custom scheme the production renderer is served from, instead of `file://`. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://studio`;

/**
 * The renderer's Content-Security-Policy, sent as a header on every `app://` response (the
 * renderer's index.html carries a looser one as a meta tag for the web host). Scripts only from
 * the app itself; workers also from blob: (Vite's worker chunks); no network at all.
 * 'wasm-unsafe-eval' lets core compile its WebAssembly kernels (in the pipeline worker, which
 * gets this header too) and allows no JavaScript eval; without it core falls back to its slower
 * TypeScript loops.
 */
export const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Creates the studio's window with its webPreferences written out here, at the one
 * `new BrowserWindow` in the app, so reviewers and electronegativity read them where the window
 * is made: isolated, sandboxed, no Node in the renderer, web security on, middle-click windows off.
 * `BrowserWindow` is a parameter so tests construct a fake and assert exactly what Electron gets.
 *
 * @example
 * const win = createSecureWindow(BrowserWindow, windowOptions(state, workAreas), join(here, '../preload/index.cjs'));
 */
export function createSecureWindow<W>(BrowserWindow: new (options: BrowserWindowConstructorOptions) => W, options: BrowserWindowConstructorOptions, preload: string): W {
  return new BrowserWindow({
    ...options,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      safeDialogs: true,
    },
  });
}

/**
 * Whether a page may load `url` in the window: only the app's own origin (or the dev server
 * electron-vite started). Everything else is denied, so a link or a dropped file can never
 * replace the studio with other content.
 *
 * @example
 * contents.on('will-navigate', (e, url) => { if (!isAppUrl(url, devUrl)) e.preventDefault(); });
 */
export function isAppUrl(url: string, devServerUrl?: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === 'studio') return true;
  return devServerUrl !== undefined && parsed.origin === new URL(devServerUrl).origin;
}

/** The parts of `webContents` hardening needs; a fake in tests. */
export interface HardenableContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}
/** The parts of `session` hardening needs. */
export interface HardenableSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
}

/**
 * Denies navigation away from the app, every new window, `<webview>`, and every permission
 * request (camera, notifications, geolocation…: the studio needs none).
 *
 * @example
 * harden(win.webContents, session.defaultSession, devUrl);
 */
export function harden(contents: HardenableContents, session: HardenableSession, devServerUrl?: string): void {
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url, devServerUrl)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
