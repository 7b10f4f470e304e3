/**
 * Paths the system asks the app to open before it can show them. macOS sends `open-file` for a
 * project double-clicked while the app is closed before `ready`, long before the window exists;
 * the queue holds such paths until `attach` (the window has loaded), hands them over in order,
 * and from then on passes each one straight through.
 *
 * @example
 * const queue = createOpenQueue();
 * app.on('open-file', (event, path) => { event.preventDefault(); queue.push(path); }); // before app.whenReady()
 * win.webContents.once('did-finish-load', () => queue.attach((path) => void openFromOutside(path)));
 */
export function createOpenQueue() {
  const waiting: string[] = [];
  let open: ((path: string) => void) | undefined;
  return {
    push(path: string): void {
      if (open) open(path);
      else waiting.push(path);
    },
    attach(handler: (path: string) => void): void {
      open = handler;
      for (const path of waiting.splice(0)) handler(path);
    },
    /** Paths still waiting for the window. */
    get waiting(): readonly string[] {
      return [...waiting];
    },
  };
}
