import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from './files.js';
import { removeTemporaryDirectories, temporaryDirectory } from './test-io.fixture.js';

// Records the order of flushes and the rename; everything else is the real node:fs/promises.
const calls = vi.hoisted(() => [] as string[]);
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...fs,
    default: fs,
    async open(...args: Parameters<typeof fs.open>) {
      const handle = await fs.open(...args);
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        calls.push(`sync ${String(args[0]).endsWith('.tmp') ? 'file' : 'directory'}`);
        return sync();
      };
      return handle;
    },
    async rename(...args: Parameters<typeof fs.rename>) {
      calls.push('rename');
      return fs.rename(...args);
    },
  };
});

afterAll(removeTemporaryDirectories);

describe('writeFileAtomic is durable', () => {
  it('flushes the file before the rename and the directory after it', async () => {
    await writeFileAtomic(temporaryDirectory(), join('a', 'w.json'), '{}');
    expect(calls).toEqual(['sync file', 'rename', 'sync directory']);
  });
});
