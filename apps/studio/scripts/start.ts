// `npm start`: builds the desktop studio with electron-vite and launches it in Electron. Where the
// Electron binary is missing and cannot be fetched (offline machines, CI), it says so in one
// paragraph and serves the same studio in the browser on 127.0.0.1 instead.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'electron-vite';
import { buildWeb, serveWeb } from '../e2e/web-server.js';
import { findElectronBinary, tryDownloadElectron } from './electron-binary.js';

const studioDir = fileURLToPath(new URL('..', import.meta.url));
const electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
const webOnly = process.argv.includes('--web') || process.env.CONVSTUDIO_WEB === '1';
const electronArgs = process.argv.slice(2).filter((a) => a !== '--web');

/** Any CI value but empty, `0` or `false` means CI, as the GPU suite reads it: `CI=1` and `CI=true` behave alike. */
function runsInCi(value: string | undefined): boolean {
  const v = (value ?? '').trim().toLowerCase();
  return v !== '' && v !== '0' && v !== 'false';
}

async function electronBinary(): Promise<{ path?: string; why: string }> {
  if (webOnly) return { why: 'you asked for the web studio (--web or CONVSTUDIO_WEB=1)' };
  let binary = findElectronBinary(electronDir, process.env);
  if (binary.found) return { path: binary.path, why: '' };
  if (runsInCi(process.env.CI)) return { why: `${binary.reason}, and CI does not download it` };
  console.log('The Electron binary is not installed yet; trying to download it (up to 30 s)…');
  const download = await tryDownloadElectron(electronDir, 30_000);
  binary = findElectronBinary(electronDir, process.env);
  return binary.found ? { path: binary.path, why: '' } : { why: `${binary.reason}, and downloading it failed (${download.detail})` };
}

async function serveInBrowser(why: string): Promise<void> {
  console.log(
    `\nConvStudio cannot start as a desktop app here: ${why}. Electron ${createRequire(import.meta.url)('electron/package.json').version} fetches its binary ` +
      'from GitHub on first use; on a machine that can reach it, run `npx install-electron --no` or just `npm start` again (set ' +
      'ELECTRON_MIRROR for a mirror, or ELECTRON_OVERRIDE_DIST_PATH for a binary you already have). Until then the same studio runs ' +
      'in your browser, with the same projects, shortcuts, autosave and recovery (kept in the browser\'s storage). Where the browser has the ' +
      'File System Access API (Chrome, Edge) Save writes back to the file you opened; elsewhere files open with the browser\'s picker and ' +
      'save as downloads. Native menus are the one thing only the desktop app has.\n',
  );
  console.log('Building the studio for the browser…');
  await buildWeb();
  const server = await serveWeb(Number(process.env.PORT ?? 4173));
  console.log(`\nConvStudio is running at ${server.url}\nOpen it in a browser (Chrome or Edge for WebGPU). Press Ctrl+C to stop.\n`);
}

const binary = await electronBinary();
if (!binary.path) {
  await serveInBrowser(binary.why);
} else {
  console.log('Building the desktop studio (electron-vite)…');
  await build({ root: studioDir, logLevel: 'warn' });
  console.log('Starting ConvStudio…');
  const child = spawn(binary.path, ['.', ...electronArgs], { cwd: studioDir, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
