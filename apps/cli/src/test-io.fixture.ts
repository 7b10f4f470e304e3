import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Io } from './io.js';

/** An {@link Io} that records what a command prints; `cwd` is a fresh temporary directory. */
export interface RecordingIo extends Io {
  out: string;
  err: string;
}

export function recordingIo(overrides: Partial<Io> = {}): RecordingIo {
  const io: RecordingIo = {
    out: '',
    err: '',
    stdout: (text) => void (io.out += text),
    stderr: (text) => void (io.err += text),
    stderrIsTTY: false,
    cwd: overrides.cwd ?? temporaryDirectory(),
    onInterrupt: () => () => {},
    ...overrides,
  };
  return io;
}

const directories: string[] = [];

/** A temporary directory, removed by {@link removeTemporaryDirectories}. */
export function temporaryDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'convstudio-cli-'));
  directories.push(dir);
  return dir;
}

export function removeTemporaryDirectories(): void {
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
}
