// The preload: runs sandboxed, before the page, with a small part of Electron's API. It puts one
// object on `window.convstudio` whose methods are generated from the IPC contract's channel list.
// `ipcRenderer` itself is never exposed, so the page can reach only these named methods.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventChannels, invokeChannels, type EventMethod, type InvokeMethod } from '../shared/ipc-channels.js';
import type { ConvStudioBridge } from '../shared/ipc-contract.js';

const bridge: Record<string, unknown> = {};
for (const method of Object.keys(invokeChannels) as InvokeMethod[]) {
  const channel = invokeChannels[method];
  bridge[method] = (request: unknown) => ipcRenderer.invoke(channel, request);
}
for (const method of Object.keys(eventChannels) as EventMethod[]) {
  const channel = eventChannels[method];
  bridge[method] = (listener: (payload: unknown) => void) => {
    // The event object is dropped: it carries `sender`, which must not reach the page.
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => void ipcRenderer.removeListener(channel, forward);
  };
}

contextBridge.exposeInMainWorld('convstudio', bridge as ConvStudioBridge);
