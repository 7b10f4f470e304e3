import type { ConvStudioBridge } from '../../shared/ipc-contract.js';
import { parseProject } from '../../shared/project-schema.js';
import type { Host } from './host.js';

// Main rejects an invoke whose request fails the contract (or whose handler throws); the studio
// shows that as a failed result instead of an unhandled rejection.
const settle = <T>(call: Promise<T>): Promise<T | { status: 'error'; message: string }> => call.catch((error: Error) => ({ status: 'error', message: error.message }));

declare global {
  interface Window {
    /** Put there by the Electron preload; absent in a browser. */
    convstudio?: ConvStudioBridge;
  }
}

/** How long the project must stay unchanged before it is autosaved. */
export const AUTOSAVE_DELAY_MS = 3000;

/**
 * The studio inside Electron: every file goes through the preload bridge, so the main process
 * shows the dialogs and touches the disk; the page never sees a path it did not get back.
 *
 * @example
 * const host = window.convstudio ? desktopHost(window.convstudio) : createBrowserHost();
 */
export function desktopHost(bridge: ConvStudioBridge): Host {
  let autosaveTimer: ReturnType<typeof setTimeout> | undefined;
  let last: { dirty: boolean; title: string } | undefined;
  return {
    kind: 'desktop',
    async openFile({ title, accept }) {
      const result = await bridge.openFile({ title, accept: [...accept] });
      if (result.status === 'error') throw new Error(result.message);
      return result.status === 'opened' ? { name: result.name, bytes: result.bytes } : undefined;
    },
    async saveFile(suggestedName, bytes, mimeType) {
      const result = await bridge.saveFile({ suggestedName, bytes: bytes as Uint8Array<ArrayBuffer>, mimeType });
      if (result.status === 'error') throw new Error(result.message);
    },
    openProject: () => settle(bridge.openProject({})),
    saveProject: (project, { saveAs, closeAfter }) => settle(bridge.saveProject({ project, saveAs, ...(closeAfter ? { closeAfter } : {}) })),
    exportView: (rect, suggestedName) =>
      settle(bridge.captureView({ rect: { x: Math.max(0, Math.floor(rect.x)), y: Math.max(0, Math.floor(rect.y)), width: Math.max(1, Math.ceil(rect.width)), height: Math.max(1, Math.ceil(rect.height)) }, suggestedName })),
    documentChanged({ dirty, title, project }) {
      if (last?.dirty !== dirty || last.title !== title) void bridge.setDocumentState({ dirty, title });
      last = { dirty, title };
      clearTimeout(autosaveTimer);
      // Autosave only unsaved work, once the user pauses; a clean project needs no copy. A pipeline
      // mid-edit (a layer not wired yet) is not a valid project, so the last valid autosave stays.
      if (dirty) {
        autosaveTimer = setTimeout(() => {
          if (parseProject(project).ok) void settle(bridge.autosave({ project })).then((r) => r.status === 'error' && console.error(`autosave: ${r.message}`));
        }, AUTOSAVE_DELAY_MS);
      }
    },
    recover: () => settle(bridge.recover({})),
    listRecent: async () => (await bridge.listRecent({})).map((path) => ({ id: path, label: path.split(/[/\\]/).pop() ?? path, detail: path })),
    openRecent: (path) => settle(bridge.openRecent({ path })),
    // Main keeps one autosave and offers it through recover; there is no list to choose from.
    listRecoveryPoints: async () => [],
    openRecoveryPoint: async () => ({ status: 'error', message: 'the desktop studio offers its autosave when it starts' }),
    subscribe(listeners) {
      const off = [
        bridge.onMenuCommand(({ command }) => listeners.command(command)),
        bridge.onProjectOpened(({ project, path }) => listeners.projectOpened(project, path)),
        bridge.onNotice(({ message }) => listeners.notice(message)),
      ];
      return () => off.forEach((f) => f());
    },
  };
}
