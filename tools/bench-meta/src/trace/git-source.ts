/**
 * The reports as git holds them: tracked files of the working tree (so a report written but not
 * committed does not count) and files at older commits (`<commit>:<path>` citations).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportSource } from './check.ts';

function git(root: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/** A ReportSource over the git repository at `root`. */
export function gitReportSource(root: string): ReportSource {
  const listed = git(root, ['ls-files', '-z']);
  if (listed === undefined) throw new Error(`bench-check: ${root} is not a git repository (the check reads which reports are committed from git)`);
  const tracked = new Set(listed.split('\0').filter(Boolean));
  return {
    tracked: (path) => (tracked.has(path) && existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : undefined),
    atCommit: (commit, path) => (git(root, ['cat-file', '-e', `${commit}:${path}`]) === undefined ? undefined : git(root, ['show', `${commit}:${path}`])),
  };
}

/**
 * The documents whose numbers must trace to reports: each package's and app's BENCHMARKS.md and
 * README.md, and the root README. Repo-relative paths of those that exist.
 */
export function benchmarkDocuments(root: string): string[] {
  const docs = ['README.md'];
  for (const group of ['packages', 'apps']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      for (const file of ['BENCHMARKS.md', 'README.md']) docs.push(`${group}/${name}/${file}`);
    }
  }
  return docs.filter((d) => existsSync(join(root, d)));
}
