import type { z } from 'zod';
import { invokeChannels, type InvokeMethod } from '../shared/ipc-channels.js';
import { ipcContract, type Response } from '../shared/ipc-contract.js';

/** The request after validation (projects already checked by core, etc.). */
export type ValidRequest<M extends InvokeMethod> = z.output<(typeof ipcContract)[M]['request']>;
/** One implementation per contract method. */
export type Handlers = { [M in InvokeMethod]: (request: ValidRequest<M>) => Promise<Response<M>> | Response<M> };
/** The lab's run-database methods (lab-handlers.ts); the others are studio-handlers.ts's. */
export type LabMethod = Extract<InvokeMethod, `lab${string}`>;

/** What `ipcMain.handle` gives a handler, reduced to what the check reads. */
export interface IpcEvent {
  sender: { id: number };
  senderFrame: { url: string } | null;
}
/** The part of `ipcMain` used; a fake in tests. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEvent, ...args: unknown[]) => unknown): void;
}

/**
 * Registers every contract method on `ipcMain`. Each message's sender must pass `isTrusted`
 * (the studio's own window, showing the app's own page) and its payload must match the
 * contract's zod schema; otherwise the call is refused with a message naming the method and the
 * field. Electron's default is to trust any frame, so this is the one place that decides.
 *
 * @example
 * registerIpcHandlers(ipcMain, handlers, (e) => e.sender.id === win.webContents.id && isAppUrl(e.senderFrame?.url ?? ''));
 */
export function registerIpcHandlers(ipcMain: IpcMainLike, handlers: Handlers, isTrusted: (event: IpcEvent) => boolean): void {
  for (const method of Object.keys(invokeChannels) as InvokeMethod[]) {
    ipcMain.handle(invokeChannels[method], async (event, ...args) => {
      if (!isTrusted(event)) throw new Error(`${method}: refused a message from an untrusted sender (${event.senderFrame?.url ?? 'no frame'})`);
      const parsed = ipcContract[method].request.safeParse(args[0]);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw new Error(`${method}: invalid request: ${first.path.map(String).join('.') || '(request)'}: ${first.message}`);
      }
      // The cast ties each method to its own handler; TypeScript cannot correlate the two unions.
      return (handlers[method] as (request: unknown) => unknown)(parsed.data);
    });
  }
}
