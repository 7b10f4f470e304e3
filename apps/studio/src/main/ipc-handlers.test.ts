import { describe, expect, it } from 'vitest';
import { invokeChannels } from '../shared/ipc-channels.js';
import { sampleProject } from '../shared/testing/sample-project.js';
import { registerIpcHandlers, type Handlers, type IpcEvent, type IpcMainLike } from './ipc-handlers.js';

function setup() {
  const registered = new Map<string, (event: IpcEvent, ...args: unknown[]) => unknown>();
  const ipcMain: IpcMainLike = { handle: (channel, listener) => void registered.set(channel, listener) };
  const received: unknown[] = [];
  const record = <T>(value: T) => (request: unknown) => {
    received.push(request);
    return value;
  };
  const handlers = Object.fromEntries(Object.keys(invokeChannels).map((m) => [m, record({ status: 'cancelled' })])) as unknown as Handlers;
  const trusted = (event: IpcEvent) => event.sender.id === 1 && event.senderFrame?.url.startsWith('app://studio/') === true;
  registerIpcHandlers(ipcMain, handlers, trusted);
  const fromStudio: IpcEvent = { sender: { id: 1 }, senderFrame: { url: 'app://studio/index.html' } };
  return { registered, received, fromStudio };
}

describe('registerIpcHandlers', () => {
  it('registers every channel of the contract', () => {
    expect([...setup().registered.keys()].sort()).toEqual(Object.values(invokeChannels).sort());
  });

  it('refuses a message from another window or another page', async () => {
    const { registered, received } = setup();
    const open = registered.get('project:open')!;
    await expect(open({ sender: { id: 2 }, senderFrame: { url: 'app://studio/index.html' } }, {})).rejects.toThrow('openProject: refused a message from an untrusted sender (app://studio/index.html)');
    await expect(open({ sender: { id: 1 }, senderFrame: { url: 'https://evil.example/' } }, {})).rejects.toThrow(/untrusted sender \(https:\/\/evil.example\/\)/);
    await expect(open({ sender: { id: 1 }, senderFrame: null }, {})).rejects.toThrow(/untrusted sender \(no frame\)/);
    expect(received).toEqual([]);
  });

  it('validates each payload with the contract, naming the field', async () => {
    const { registered, received, fromStudio } = setup();
    await expect(registered.get('project:open')!(fromStudio, { path: '/etc/passwd' })).rejects.toThrow(/openProject: invalid request: \(request\): Unrecognized key/);
    await expect(registered.get('file:save')!(fromStudio, { suggestedName: '../../.bashrc', bytes: new Uint8Array(1), mimeType: 'text/plain' })).rejects.toThrow(/saveFile: invalid request: suggestedName: expected a file name without folders/);
    await expect(registered.get('file:save')!(fromStudio, { suggestedName: 'a.png', bytes: 'not bytes', mimeType: 'image/png' })).rejects.toThrow(/saveFile: invalid request: bytes/);
    const broken = { ...sampleProject(), pipeline: { ...sampleProject().pipeline, nodes: [] } };
    await expect(registered.get('project:save')!(fromStudio, { project: broken, saveAs: false })).rejects.toThrow(/saveProject: invalid request: project: the project's pipeline is invalid/);
    await expect(registered.get('view:capture')!(fromStudio, { rect: { x: 0, y: 0, width: 1e9, height: 1 }, suggestedName: 'a.png' })).rejects.toThrow(/captureView: invalid request: rect.width/);
    expect(received).toEqual([]);
  });

  it('hands a valid, checked request to its handler', async () => {
    const { registered, received, fromStudio } = setup();
    await expect(registered.get('project:save')!(fromStudio, { project: sampleProject(), saveAs: true })).resolves.toEqual({ status: 'cancelled' });
    expect(received).toEqual([{ project: sampleProject(), saveAs: true }]);
  });
});
