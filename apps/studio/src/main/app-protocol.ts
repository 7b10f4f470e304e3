import { isAbsolute, join, normalize, relative } from 'node:path';
import { APP_SCHEME } from './security.js';

/**
 * Maps an `app://studio/...` URL to a file under the built renderer folder, or `undefined` when
 * the URL is another host or climbs out of the folder (`..`, encoded or not).
 *
 * @example
 * resolveAppFile('app://studio/assets/index.js', '/opt/convstudio/out/renderer'); // '/opt/.../assets/index.js'
 */
export function resolveAppFile(url: string, root: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== 'studio') return undefined;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0')) return undefined;
  const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname));
  const inside = relative(root, file);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? file : undefined;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.svg': 'image/svg+xml', '.wasm': 'application/wasm', '.woff2': 'font/woff2',
};

/** The Content-Type for a served file (module scripts and workers must not be `text/plain`). */
export function mimeType(file: string): string {
  const dot = file.lastIndexOf('.');
  return MIME[file.slice(dot).toLowerCase()] ?? 'application/octet-stream';
}
