/**
 * Every IPC channel by method name, without schemas, so the sandboxed preload can import it
 * without bundling zod or core. `ipc-contract.ts` checks at compile time that its schemas cover
 * exactly these names.
 *
 * @example
 * ipcRenderer.invoke(invokeChannels.saveProject, request);
 */
export const invokeChannels = {
  openFile: 'file:open',
  saveFile: 'file:save',
  openProject: 'project:open',
  openRecent: 'project:open-recent',
  saveProject: 'project:save',
  autosave: 'project:autosave',
  recover: 'project:recover',
  listRecent: 'recent:list',
  setDocumentState: 'window:document-state',
  captureView: 'view:capture',
  labOpenSweep: 'lab:open-sweep',
  labStartRun: 'lab:start-run',
  labAddEpoch: 'lab:add-epoch',
  labFinishRun: 'lab:finish-run',
} as const;

/** Channels the main process sends on, and the renderer listens to. */
export const eventChannels = {
  onMenuCommand: 'menu:command',
  onProjectOpened: 'project:opened',
  onNotice: 'notice',
} as const;

export type InvokeMethod = keyof typeof invokeChannels;
export type EventMethod = keyof typeof eventChannels;
