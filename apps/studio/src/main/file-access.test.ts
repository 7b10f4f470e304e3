import { mkdir, mkdtemp, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { FileAccess, formatBytes, readAllowedFile } from './file-access.js';

let dir: string;
let userData: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'convstudio-access-'));
  userData = join(dir, 'userData');
  await mkdir(userData);
});

describe('FileAccess', () => {
  it('allows only granted paths and the user-data folder', () => {
    const access = new FileAccess(userData);
    const chosen = join(dir, 'net.convstudio.json');
    expect(access.allows(chosen)).toBe(false);
    access.grant(chosen, 'dialog');
    expect(access.allows(chosen)).toBe(true);
    expect(access.allows(join(userData, 'autosave', 'a.json'))).toBe(true);
    expect(access.allows(userData)).toBe(false);
    expect(access.allows(join(userData, '..', 'secret'))).toBe(false);
    expect(access.allows(`${userData}-evil/x`)).toBe(false);
    expect(access.allows('net.convstudio.json')).toBe(false);
    // A relative path is refused even where it would resolve to a granted file.
    access.grant(resolve('relative.convstudio.json'), 'dialog');
    expect(access.allows('relative.convstudio.json')).toBe(false);
    expect(() => access.check('/etc/passwd')).toThrow('file access: /etc/passwd was not chosen by the user');
  });

  it('refuses a huge file before reading it, and a folder, with clear messages', async () => {
    const access = new FileAccess(userData);
    const huge = access.grant(join(dir, 'huge.png'), 'dialog');
    await writeFile(huge, '');
    await truncate(huge, 65 * 1024 * 1024); // sparse: no disk used
    await expect(readAllowedFile(access, huge, 64 * 1024 * 1024)).rejects.toThrow(`${huge}: file too large: expected at most 64 MiB, got 65 MiB`);
    const folder = access.grant(join(dir, 'folder.png'), 'dialog');
    await mkdir(folder);
    await expect(readAllowedFile(access, folder, 100)).rejects.toThrow('expected a regular file, got a folder');
    // Exactly the limit is allowed; one byte more is not.
    const exact = access.grant(join(dir, 'exact.png'), 'dialog');
    await writeFile(exact, new Uint8Array(100));
    expect((await readAllowedFile(access, exact, 100)).length).toBe(100);
    await expect(readAllowedFile(access, exact, 99)).rejects.toThrow(`${exact}: file too large: expected at most 99 bytes, got 100 bytes`);
  });

  it('grants a plain file name beside a granted file, and nothing else', () => {
    const access = new FileAccess(userData);
    const project = access.grant(join(dir, 'net.convstudio.json'), 'dialog');
    expect(access.grantBeside(project, 'net.weights.json')).toBe(join(dir, 'net.weights.json'));
    expect(access.allows(join(dir, 'net.weights.json'))).toBe(true);
    for (const name of ['../x.weights.json', 'a/b.json', '..', '.', 'a\\b.json', '']) expect(() => access.grantBeside(project, name), name).toThrow(/expected a file name beside/);
    expect(() => access.grantBeside(join(dir, 'other.convstudio.json'), 'x.json')).toThrow(/was not chosen by the user/);
  });

  it.skipIf(process.platform === 'win32')('refuses a device, naming it a special file', async () => {
    const access = new FileAccess(userData);
    await expect(readAllowedFile(access, access.grant('/dev/null', 'dialog'), 100)).rejects.toThrow('/dev/null: expected a regular file, got a special file');
  });

  it('formats sizes for people', () => {
    expect([formatBytes(12), formatBytes(2048), formatBytes(1.5 * 1024 * 1024)]).toEqual(['12 bytes', '2 KiB', '1.5 MiB']);
    expect([formatBytes(1023), formatBytes(1024), formatBytes(1024 * 1024 - 1), formatBytes(1024 * 1024)]).toEqual(['1023 bytes', '1 KiB', '1024 KiB', '1 MiB']);
  });
});
