import { fileURLToPath } from 'node:url';
import { build, preview, type PreviewServer } from 'vite';

const config = fileURLToPath(new URL('../vite.web.config.ts', import.meta.url));

/** Builds the renderer for the browser host, as users get it. */
export async function buildWeb(): Promise<void> {
  await build({ configFile: config, logLevel: 'warn' });
}

/**
 * Serves the built renderer on 127.0.0.1 (a secure context, which WebGPU needs); port 0 picks
 * a free one, another port is tried upwards if it is taken.
 */
export async function serveWeb(port = 0): Promise<{ url: string; close: () => Promise<void> }> {
  const server: PreviewServer = await preview({ configFile: config, preview: { port, strictPort: false, host: '127.0.0.1' }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a local address');
  return { url, close: () => server.close() };
}
