import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where Electron's binary is, or why there is none. */
export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

/**
 * Finds the Electron binary the way `node_modules/electron/index.js` does (path.txt names it
 * inside dist/, or ELECTRON_OVERRIDE_DIST_PATH), but without its side effect: requiring
 * `electron` downloads a missing binary synchronously, which hangs on a machine with no network.
 *
 * @example
 * const binary = findElectronBinary(dirname(require.resolve('electron/package.json')), process.env);
 */
export function findElectronBinary(electronDir: string, env: NodeJS.ProcessEnv): ElectronBinary {
  const pathFile = join(electronDir, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const dist = env.ELECTRON_OVERRIDE_DIST_PATH ?? join(electronDir, 'dist');
  if (!name && !env.ELECTRON_OVERRIDE_DIST_PATH) return { found: false, reason: `${pathFile} is missing: the binary was never downloaded` };
  const binary = join(dist, name ?? 'electron');
  return existsSync(binary) ? { found: true, path: binary } : { found: false, reason: `${binary} does not exist` };
}

/**
 * Runs Electron's own installer (which downloads the binary) and gives up after `timeoutMs`, so
 * an offline machine waits seconds, not minutes.
 *
 * @example
 * const ok = await tryDownloadElectron(electronDir, 30_000);
 */
export function tryDownloadElectron(electronDir: string, timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(electronDir, 'install.js')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    const timer = setTimeout(() => {
      child.kill();
      resolve({ ok: false, detail: `no answer from the download host within ${timeoutMs / 1000} s` });
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const firstLine = stderr.split('\n').find((l) => /error/i.test(l)) ?? stderr.split('\n')[0] ?? '';
      resolve({ ok: code === 0, detail: code === 0 ? 'downloaded' : firstLine.trim() || `the installer exited with code ${code}` });
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, detail: error.message });
    });
  });
}
