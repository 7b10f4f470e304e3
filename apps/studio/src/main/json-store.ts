import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { atomicWrite } from './atomic-write.js';

/**
 * Reads a small JSON settings file from the user-data folder, checked with `schema`; a missing or
 * damaged file gives `fallback` (settings are conveniences, never a reason not to start).
 *
 * @example
 * const bounds = await readJson(file, windowStateSchema, defaults);
 */
export async function readJson<T>(path: string, schema: z.ZodType<T>, fallback: T): Promise<T> {
  try {
    const parsed = schema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

/** Writes a settings file atomically. */
export async function writeJson(path: string, value: unknown): Promise<void> {
  await atomicWrite(path, `${JSON.stringify(value, null, 2)}\n`);
}
