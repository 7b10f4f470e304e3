import { z } from 'zod';
import { readJson, writeJson } from './json-store.js';

/** How many recent projects the File menu lists. */
export const MAX_RECENT = 10;
const recentSchema = z.array(z.string().max(4096)).max(100);

/**
 * The recent-projects list, kept in `<userData>/recent.json`, newest first, without duplicates.
 *
 * @example
 * const recent = await RecentFiles.load(join(userData, 'recent.json'));
 * await recent.add('/home/ada/net.convstudio.json');
 */
export class RecentFiles {
  readonly #file: string;
  #paths: string[];

  private constructor(file: string, paths: string[]) {
    this.#file = file;
    this.#paths = paths.slice(0, MAX_RECENT);
  }

  static async load(file: string): Promise<RecentFiles> {
    return new RecentFiles(file, await readJson(file, recentSchema, []));
  }

  get paths(): readonly string[] {
    return this.#paths;
  }

  has(path: string): boolean {
    return this.#paths.includes(path);
  }

  async add(path: string): Promise<void> {
    this.#paths = [path, ...this.#paths.filter((p) => p !== path)].slice(0, MAX_RECENT);
    await writeJson(this.#file, this.#paths);
  }

  async remove(path: string): Promise<void> {
    this.#paths = this.#paths.filter((p) => p !== path);
    await writeJson(this.#file, this.#paths);
  }
}
