import { RunStore } from '@convstudio/lab-store';
import { invokeChannels, type InvokeMethod } from '../../shared/ipc-channels.js';
import type { ConvStudioBridge } from '../../shared/ipc-contract.js';
import { registerIpcHandlers, type Handlers, type IpcEvent } from '../ipc-handlers.js';
import { createLabHandlers } from '../lab-handlers.js';

const labMethods = ['labOpenSweep', 'labStartRun', 'labAddEpoch', 'labFinishRun'] as const;
/** The lab's part of the preload bridge. */
export type LabBridgePart = Pick<ConvStudioBridge, (typeof labMethods)[number]>;

/**
 * The lab's bridge methods as the page sees them, served by the real lab handlers on a real
 * database at `file`, through the same IPC registration (sender check, contract validation) and
 * with structured clones both ways, as Electron's IPC makes. Node 20 opens it with better-sqlite3.
 *
 * @example
 * const { bridge, close } = labBridge(join(dir, 'lab-runs.sqlite'));
 */
export function labBridge(file: string, options: { openStore?: () => RunStore } = {}) {
  const lab = createLabHandlers({ openStore: options.openStore ?? (() => RunStore.open(file)), codeVersion: 'studio test' });
  const registered = new Map<string, (event: IpcEvent, ...args: unknown[]) => unknown>();
  const refuse = () => {
    throw new Error('not a lab method');
  };
  const others = Object.fromEntries((Object.keys(invokeChannels) as InvokeMethod[]).map((m) => [m, refuse]));
  registerIpcHandlers({ handle: (channel, listener) => void registered.set(channel, listener) }, { ...others, ...lab.handlers } as Handlers, (e) => e.sender.id === 1);
  const fromPage: IpcEvent = { sender: { id: 1 }, senderFrame: { url: 'app://studio/index.html' } };
  const bridge = Object.fromEntries(
    labMethods.map((m) => [m, async (request: unknown) => structuredClone(await registered.get(invokeChannels[m])!(fromPage, structuredClone(request)))]),
  ) as unknown as LabBridgePart;
  return { bridge, handlers: lab.handlers, close: () => lab.close() };
}
