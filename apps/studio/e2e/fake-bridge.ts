import type { Page } from 'playwright-core';

/** One call the page made on the fake bridge. */
export interface BridgeCall {
  method: string;
  request: unknown;
}

/**
 * Installs a fake `window.convstudio` before the page's scripts run, as Electron's preload
 * would, so the built renderer takes its desktop host path in plain Chromium. Calls are
 * recorded in `window.__bridgeCalls`; `window.__emit(event, payload)` plays the main process.
 * `recovery` is what `recover()` answers.
 *
 * @example
 * await installFakeBridge(page, { status: 'none' });
 */
export async function installFakeBridge(page: Page, recovery: unknown): Promise<void> {
  await page.addInitScript((recoveryAnswer) => {
    const calls: { method: string; request: unknown }[] = [];
    const listeners = new Map<string, Set<(payload: unknown) => void>>();
    const answers: Record<string, unknown> = {
      openFile: { status: 'cancelled' },
      saveFile: { status: 'cancelled' },
      openProject: { status: 'cancelled' },
      openRecent: { status: 'cancelled' },
      saveProject: { status: 'saved', path: '/home/ada/net.convstudio.json' },
      autosave: { status: 'saved', path: '/userData/autosave/autosave.convstudio.json' },
      recover: recoveryAnswer,
      listRecent: [],
      setDocumentState: undefined,
      captureView: { status: 'saved', path: '/home/ada/maps.png' },
      // The lab's run database lives in main; this fake keeps none (the lab's e2e runs on the web host).
      labOpenSweep: { status: 'error', message: 'the fake bridge keeps no lab runs' },
      labStartRun: { status: 'error', message: 'the fake bridge keeps no lab runs' },
      labAddEpoch: { status: 'error', message: 'the fake bridge keeps no lab runs' },
      labFinishRun: { status: 'error', message: 'the fake bridge keeps no lab runs' },
    };
    const bridge: Record<string, unknown> = {};
    for (const [method, answer] of Object.entries(answers)) {
      bridge[method] = async (request: unknown) => {
        // A structured clone, as IPC would make.
        calls.push({ method, request: structuredClone(request) });
        return structuredClone(answer);
      };
    }
    for (const event of ['onMenuCommand', 'onProjectOpened', 'onNotice']) {
      listeners.set(event, new Set());
      bridge[event] = (listener: (payload: unknown) => void) => {
        listeners.get(event)!.add(listener);
        return () => listeners.get(event)!.delete(listener);
      };
    }
    Object.assign(window, {
      convstudio: Object.freeze(bridge),
      __bridgeCalls: calls,
      __emit: (event: string, payload: unknown) => listeners.get(event)!.forEach((l) => l(payload)),
    });
  }, recovery);
}

/** The calls so far to `method`. */
export function callsTo(page: Page, method: string): Promise<unknown[]> {
  return page.evaluate((m) => (window as unknown as { __bridgeCalls: BridgeCall[] }).__bridgeCalls.filter((c) => c.method === m).map((c) => c.request), method);
}

/** Plays the main process sending `event` with `payload`. */
export function emit(page: Page, event: string, payload: unknown): Promise<void> {
  return page.evaluate(([e, p]) => (window as unknown as { __emit(e: string, p: unknown): void }).__emit(e as string, p), [event, payload] as const);
}
