import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectronBinary, tryDownloadElectron } from './electron-binary.js';

async function electronDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'convstudio-electron-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

describe('findElectronBinary', () => {
  it('finds the binary path.txt names inside dist, and says why when it is not there', async () => {
    const never = await electronDir({});
    expect(findElectronBinary(never, {})).toEqual({ found: false, reason: `${join(never, 'path.txt')} is missing: the binary was never downloaded` });
    const half = await electronDir({ 'path.txt': 'electron' });
    expect(findElectronBinary(half, {})).toEqual({ found: false, reason: `${join(half, 'dist', 'electron')} does not exist` });
    const whole = await electronDir({ 'path.txt': 'electron', 'dist/electron': '' });
    expect(findElectronBinary(whole, {})).toEqual({ found: true, path: join(whole, 'dist', 'electron') });
    const override = await electronDir({ 'elsewhere/electron': '' });
    expect(findElectronBinary(never, { ELECTRON_OVERRIDE_DIST_PATH: join(override, 'elsewhere') })).toEqual({ found: true, path: join(override, 'elsewhere', 'electron') });
  });
});

describe('tryDownloadElectron', () => {
  it('gives up on a download that hangs, and reports one that fails', async () => {
    const hangs = await electronDir({ 'install.js': 'setTimeout(() => {}, 60000);' });
    expect(await tryDownloadElectron(hangs, 300)).toEqual({ ok: false, detail: 'no answer from the download host within 0.3 s' });
    const fails = await electronDir({ 'install.js': 'console.error("RequestError: getaddrinfo ENOTFOUND github.com"); process.exit(1);' });
    expect(await tryDownloadElectron(fails, 10_000)).toEqual({ ok: false, detail: 'RequestError: getaddrinfo ENOTFOUND github.com' });
  });
});
