/**
 * The versions of the peers a report names. The commit, the machine and the load come from
 * @convstudio/bench-meta, shared with packages/gpu/bench.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The installed version of a package in this bench project. */
export function versionOf(pkg: string): string {
  return (require(`${pkg}/package.json`) as { version: string }).version;
}
