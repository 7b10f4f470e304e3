import { describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { CONTENT_SECURITY_POLICY, createSecureWindow, harden, isAppUrl, type HardenableContents, type HardenableSession } from './security.js';

describe('createSecureWindow', () => {
  it('isolates and sandboxes the renderer with no Node and web security on', () => {
    class FakeWindow {
      constructor(readonly options: BrowserWindowConstructorOptions) {}
    }
    const win = createSecureWindow(FakeWindow, { width: 800, height: 600, webPreferences: { sandbox: false, nodeIntegration: true } }, '/app/out/preload/index.cjs');
    expect(win.options.width).toBe(800);
    // Whatever the caller passed, the secure preferences replace it whole.
    expect(win.options.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
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
    });
  });
});

describe('the Content-Security-Policy', () => {
  it('allows scripts only from the app (WebAssembly compiles) and no eval, inline script or network', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/ 'unsafe-eval'|https?:|\*/);
  });
});

describe('navigation, windows and permissions', () => {
  it('lets the window load only the app (and the dev server in development)', () => {
    expect(isAppUrl('app://studio/index.html')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/x', 'http://localhost:5173/')).toBe(false);
  });

  it('denies navigating away, new windows, webviews and every permission', () => {
    const listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
    let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
    const contents: HardenableContents = {
      on: (event: string, listener: (event: { preventDefault(): void }, url: string) => void) => listeners.set(event, listener),
      setWindowOpenHandler: (handler) => void (openHandler = handler),
    };
    let requestHandler: Parameters<HardenableSession['setPermissionRequestHandler']>[0] | undefined;
    let checkHandler: Parameters<HardenableSession['setPermissionCheckHandler']>[0] | undefined;
    const session: HardenableSession = { setPermissionRequestHandler: (h) => void (requestHandler = h), setPermissionCheckHandler: (h) => void (checkHandler = h) };
    harden(contents, session);

    const prevented = (event: string, url: string) => {
      let stopped = false;
      listeners.get(event)!({ preventDefault: () => void (stopped = true) }, url);
      return stopped;
    };
    expect(prevented('will-navigate', 'https://example.com/')).toBe(true);
    expect(prevented('will-navigate', 'file:///home/ada/dropped.png')).toBe(true);
    expect(prevented('will-redirect', 'https://example.com/')).toBe(true);
    expect(prevented('will-navigate', 'app://studio/index.html')).toBe(false);
    expect(prevented('will-attach-webview', '')).toBe(true);
    expect(openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | undefined;
      requestHandler!({}, permission, (g) => void (granted = g));
      expect(granted).toBe(false);
      expect(checkHandler!({}, permission)).toBe(false);
    }
  });
});
