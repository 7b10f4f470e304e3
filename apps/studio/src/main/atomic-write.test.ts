import * as nodeFs from 'node:fs/promises';
import { chmod, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { atomicWrite, type AtomicFs } from './atomic-write.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'convstudio-atomic-'));
});

type Step = 'write' | 'chmod' | 'sync' | 'close' | 'open' | 'rename';
/**
 * The real file system, recording each call as `step:file` (`tmp` for the temporary file,
 * `dir` for the folder), and throwing at the step named in `failAt`. A write that fails writes
 * half of its bytes first, as a full disk does.
 */
function recordingFs(failAt?: `${Step}:${'tmp' | 'dir' | 'target'}`) {
  const calls: string[] = [];
  const who = (path: string) => (path === dir ? 'dir' : basename(path).endsWith('.tmp') ? 'tmp' : 'target');
  const step = (name: Step, path: string) => {
    const call = `${name}:${who(path)}`;
    calls.push(call);
    if (call === failAt) throw Object.assign(new Error(`injected failure at ${call}`), { code: 'EIO' });
  };
  const fs: AtomicFs = {
    ...nodeFs,
    async open(path, flags, mode) {
      step('open', path);
      const handle = await nodeFs.open(path, flags, mode);
      return {
        async writeFile(data) {
          const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
          if (`write:${who(path)}` === failAt) await handle.write(bytes.subarray(0, bytes.length >> 1));
          step('write', path);
          await handle.writeFile(bytes);
        },
        chmod: async (m) => (step('chmod', path), handle.chmod(m)),
        sync: async () => (step('sync', path), handle.sync()),
        close: async () => (step('close', path), handle.close()),
      };
    },
    rename: async (from, to) => (step('rename', to), nodeFs.rename(from, to)),
  };
  return { fs, calls };
}

describe('atomicWrite', () => {
  it('writes a new file and replaces an old one, leaving no temporary file', async () => {
    const file = join(dir, 'net.convstudio.json');
    await atomicWrite(file, 'first');
    await atomicWrite(file, new TextEncoder().encode('second'));
    expect(await readFile(file, 'utf8')).toBe('second');
    expect(await readdir(dir)).toEqual(['net.convstudio.json']);
  });

  it('writes a temporary file, flushes it, renames it over the target, then flushes the folder', async () => {
    const file = join(dir, 'net.convstudio.json');
    await writeFile(file, 'old');
    const { fs, calls } = recordingFs();
    await atomicWrite(file, 'new', fs);
    // Without the file sync a power cut can leave a renamed but empty file; without the folder
    // sync the rename itself can be lost; writing the target in place loses the old file on failure.
    expect(calls).toEqual(['open:tmp', 'write:tmp', 'chmod:tmp', 'sync:tmp', 'close:tmp', 'rename:target', 'open:dir', 'sync:dir', 'close:dir']);
    expect(await readFile(file, 'utf8')).toBe('new');
  });

  it.each(['write:tmp', 'chmod:tmp', 'sync:tmp', 'rename:target'] as const)('keeps the old file whole and leaves nothing behind when %s fails', async (failAt) => {
    const file = join(dir, 'net.convstudio.json');
    await writeFile(file, 'the old project, whole');
    await expect(atomicWrite(file, 'x'.repeat(4096), recordingFs(failAt).fs)).rejects.toThrow(`injected failure at ${failAt}`);
    expect(await readFile(file, 'utf8')).toBe('the old project, whole');
    expect(await readdir(dir)).toEqual(['net.convstudio.json']);
  });

  it('reports a failed folder flush: the save may not survive a power cut', async () => {
    const file = join(dir, 'net.convstudio.json');
    await expect(atomicWrite(file, 'new', recordingFs('sync:dir').fs)).rejects.toThrow('injected failure at sync:dir');
  });

  it('keeps the old file whole and cleans up when the rename fails', async () => {
    const target = join(dir, 'taken');
    await mkdir(target);
    await writeFile(join(target, 'inside'), 'kept');
    await expect(atomicWrite(target, 'new')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
    expect(await readFile(join(target, 'inside'), 'utf8')).toBe('kept');
  });

  it('fails without writing anything when the folder does not exist', async () => {
    await expect(atomicWrite(join(dir, 'missing', 'x.json'), 'x')).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps a symbolic link a link and writes its real target, through a chain of links', async () => {
    await mkdir(join(dir, 'real'));
    const real = join(dir, 'real', 'net.convstudio.json');
    await writeFile(real, 'old');
    await symlink(real, join(dir, 'first.convstudio.json'));
    await symlink('first.convstudio.json', join(dir, 'link.convstudio.json'));
    await atomicWrite(join(dir, 'link.convstudio.json'), 'new');
    expect(await readlink(join(dir, 'link.convstudio.json'))).toBe('first.convstudio.json');
    expect(await readlink(join(dir, 'first.convstudio.json'))).toBe(real);
    expect(await readFile(real, 'utf8')).toBe('new');
    expect((await readdir(join(dir, 'real'))).sort()).toEqual(['net.convstudio.json']);
  });

  it('creates the target of a dangling link', async () => {
    await symlink('target.json', join(dir, 'link.json'));
    await atomicWrite(join(dir, 'link.json'), 'made');
    expect(await readFile(join(dir, 'target.json'), 'utf8')).toBe('made');
    expect(await readlink(join(dir, 'link.json'))).toBe('target.json');
  });

  it.skipIf(process.platform === 'win32')('keeps the permission bits of the file it replaces', async () => {
    const file = join(dir, 'private.convstudio.json');
    await writeFile(file, 'old');
    await chmod(file, 0o600);
    await atomicWrite(file, 'new');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await chmod(file, 0o640);
    await atomicWrite(file, 'newer');
    expect((await stat(file)).mode & 0o777).toBe(0o640);
  });
});

/** The real file system with some calls replaced: a failure the real one cannot be made to give on cue. */
const fsWith = (overrides: Partial<AtomicFs>): AtomicFs => ({ ...nodeFs, ...overrides });
const failure = (code: string) => Object.assign(new Error(`injected ${code}`), { code });

describe('atomicWrite when the file system fails', () => {
  it('reports a failed look at the target (not a missing file) and writes nothing', async () => {
    const file = join(dir, 'net.convstudio.json');
    await writeFile(file, 'old');
    await expect(atomicWrite(file, 'new', fsWith({ stat: async () => { throw failure('EACCES'); } }))).rejects.toThrow('injected EACCES');
    await expect(atomicWrite(file, 'new', fsWith({ lstat: async () => { throw failure('EIO'); } }))).rejects.toThrow('injected EIO');
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['net.convstudio.json']);
  });

  it('reports the write failure itself even when the temporary file is already gone', async () => {
    const file = join(dir, 'net.convstudio.json');
    await writeFile(file, 'old');
    // Something (a cleaner, the user) removed the temporary file before the clean-up reached it.
    const vanishing = fsWith({
      async open(path, flags, mode) {
        const handle = await nodeFs.open(path, flags, mode);
        return { writeFile: async () => { await rm(path); throw failure('ENOSPC'); }, chmod: (m) => handle.chmod(m), sync: () => handle.sync(), close: () => handle.close() };
      },
    });
    await expect(atomicWrite(file, 'new', vanishing)).rejects.toThrow('injected ENOSPC');
    const renameAfterRemoval = fsWith({ rename: async (from) => { await rm(from); throw failure('EXDEV'); } });
    await expect(atomicWrite(file, 'new', renameAfterRemoval)).rejects.toThrow('injected EXDEV');
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['net.convstudio.json']);
  });

  it('does not open the folder to flush it on Windows, which cannot', async () => {
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { ...platform, value: 'win32' });
    try {
      const { fs, calls } = recordingFs();
      await atomicWrite(join(dir, 'net.convstudio.json'), 'new', fs);
      expect(calls).toEqual(['open:tmp', 'write:tmp', 'chmod:tmp', 'sync:tmp', 'close:tmp', 'rename:target']);
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
  });
});

describe.skipIf(process.platform === 'win32')('atomicWrite and chains of links', () => {
  /** `count` links in a row, link0 → link1 → … → real.json; returns the first. */
  async function chain(count: number): Promise<string> {
    await writeFile(join(dir, 'real.json'), 'old');
    for (let i = 0; i < count; i++) await symlink(i === count - 1 ? 'real.json' : `link${i + 1}`, join(dir, `link${i}`));
    return join(dir, 'link0');
  }

  it('follows 40 links, as Linux does, and refuses 41', async () => {
    await atomicWrite(await chain(40), 'through 40');
    expect(await readFile(join(dir, 'real.json'), 'utf8')).toBe('through 40');
    const other = await mkdtemp(join(tmpdir(), 'convstudio-atomic-'));
    dir = other;
    const first = await chain(41);
    await expect(atomicWrite(first, 'x')).rejects.toThrow(`atomicWrite: ${first}: expected a file or a link to one, got more than 40 links in a row`);
    expect(await readFile(join(dir, 'real.json'), 'utf8')).toBe('old');
  });

  it('refuses a loop of links with a message, rather than following it for ever', async () => {
    await symlink('b', join(dir, 'a'));
    await symlink('a', join(dir, 'b'));
    await expect(atomicWrite(join(dir, 'a'), 'x')).rejects.toThrow(/expected a file or a link to one, got more than 40 links in a row/);
    expect((await readdir(dir)).sort()).toEqual(['a', 'b']);
  });
});
