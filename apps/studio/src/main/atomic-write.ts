import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that a crash or a full disk never leaves it half written: the bytes go to a
 * temporary file beside it (same folder, so the rename stays on one filesystem), are flushed to
 * disk, and the temporary file is renamed over the target.
 *
 * @example
 * await atomicWrite('/home/ada/net.convstudio.json', serializeProject(project));
 */
export async function atomicWrite(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  // 'wx' fails rather than follows a link an attacker placed at the temporary name.
  const handle = await open(temporary, 'wx', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
