import { z } from 'zod';
import { eventChannels, invokeChannels, type EventMethod, type InvokeMethod } from './ipc-channels.js';
import { labContract } from './lab-contract.js';
import { parseProject, type ProjectDocument } from './project-schema.js';

/** The largest file that crosses IPC either way (images, exported PNGs). */
export const MAX_IPC_BYTES = 256 * 1024 * 1024;

const bytes = z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_IPC_BYTES, `expected at most ${MAX_IPC_BYTES} bytes`);
const fileName = z.string().min(1).max(255).regex(/^[^/\\\0]+$/, 'expected a file name without folders');
// A project is validated by the same rules the file loader uses (zod envelope + core's pipeline check).
const project = z.unknown().transform((doc, ctx): ProjectDocument => {
  const result = parseProject(doc);
  if (!result.ok) ctx.addIssue({ code: 'custom', message: result.error });
  return result.ok ? result.project : (z.NEVER as never);
});
const failed = z.strictObject({ status: z.literal('error'), message: z.string() });
const cancelled = z.strictObject({ status: z.literal('cancelled') });
const saved = z.strictObject({ status: z.literal('saved'), path: z.string() });
const opened = z.strictObject({ status: z.literal('opened'), path: z.string(), project });

/** Menu commands the renderer carries out (the rest, like zoom and copy, are native roles). */
export const menuCommands = ['new', 'open-image', 'open-pipeline', 'open-model', 'save', 'save-and-close', 'save-as', 'export-maps', 'export-figure', 'undo', 'redo', 'view-2d', 'view-3d', 'show-document'] as const;
export type MenuCommand = (typeof menuCommands)[number];

/**
 * The one IPC contract: for each method, its request and response schemas. Main validates every
 * request with these; the preload exposes one method per entry; the renderer's desktop host
 * calls them through `window.convstudio`.
 *
 * @example
 * const request = ipcContract.saveProject.request.parse({ project, saveAs: false });
 */
export const ipcContract = {
  openFile: {
    request: z.strictObject({ title: z.string().max(200), accept: z.array(z.string().regex(/^\.[a-z0-9.]{1,20}$/)).max(20) }),
    response: z.discriminatedUnion('status', [z.strictObject({ status: z.literal('opened'), name: z.string(), bytes: z.instanceof(Uint8Array) }), cancelled, failed]),
  },
  saveFile: {
    request: z.strictObject({ suggestedName: fileName, bytes, mimeType: z.string().max(100) }),
    response: z.discriminatedUnion('status', [saved, cancelled, failed]),
  },
  openProject: { request: z.strictObject({}), response: z.discriminatedUnion('status', [opened, cancelled, failed]) },
  openRecent: { request: z.strictObject({ path: z.string().max(4096) }), response: z.discriminatedUnion('status', [opened, cancelled, failed]) },
  saveProject: {
    request: z.strictObject({ project, saveAs: z.boolean(), suggestedName: fileName.optional(), closeAfter: z.boolean().optional() }),
    response: z.discriminatedUnion('status', [saved, cancelled, failed]),
  },
  autosave: { request: z.strictObject({ project }), response: z.discriminatedUnion('status', [saved, failed]) },
  recover: {
    request: z.strictObject({}),
    response: z.discriminatedUnion('status', [z.strictObject({ status: z.literal('recovered'), project, savedAt: z.string() }), z.strictObject({ status: z.literal('none') }), failed]),
  },
  listRecent: { request: z.strictObject({}), response: z.array(z.string()) },
  setDocumentState: { request: z.strictObject({ dirty: z.boolean(), title: z.string().max(200) }), response: z.undefined() },
  captureView: {
    request: z.strictObject({
      rect: z.strictObject({ x: z.number().int().nonnegative(), y: z.number().int().nonnegative(), width: z.number().int().min(1).max(16384), height: z.number().int().min(1).max(16384) }),
      suggestedName: fileName,
    }),
    response: z.discriminatedUnion('status', [saved, cancelled, failed]),
  },
  ...labContract,
} satisfies Record<InvokeMethod, { request: z.ZodType; response: z.ZodType }>;

/** Payloads of the main → renderer events. */
export const eventContract = {
  onMenuCommand: z.strictObject({ command: z.enum(menuCommands) }),
  onProjectOpened: z.strictObject({ path: z.string(), project }),
  onNotice: z.strictObject({ message: z.string() }),
} satisfies Record<EventMethod, z.ZodType>;

export type Request<M extends InvokeMethod> = z.input<(typeof ipcContract)[M]['request']>;
export type Response<M extends InvokeMethod> = z.output<(typeof ipcContract)[M]['response']>;
export type EventPayload<E extends EventMethod> = z.output<(typeof eventContract)[E]>;

/**
 * What the preload puts on `window.convstudio`: one async method per invoke channel and one
 * subscribe method per event (returning its unsubscribe function).
 *
 * @example
 * const off = window.convstudio.onMenuCommand(({ command }) => run(command));
 */
export type ConvStudioBridge = { [M in InvokeMethod]: (request: Request<M>) => Promise<Response<M>> } & {
  [E in EventMethod]: (listener: (payload: EventPayload<E>) => void) => () => void;
};

// Compile-time check that both channel lists and both schema lists name the same methods.
const _sameNames: [Record<InvokeMethod, unknown>, Record<EventMethod, unknown>] = [invokeChannels, eventChannels];
void _sameNames;
