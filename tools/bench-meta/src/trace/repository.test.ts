import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDocuments, formatProblem } from './check.ts';
import { benchmarkDocuments, gitReportSource } from './git-source.ts';
import { PENDING } from './pending.ts';

const root = resolve(fileURLToPath(import.meta.url), '../../../../..');

describe('the repository', () => {
  it('traces every number of its BENCHMARKS.md and READMEs to a committed report', () => {
    const docs = benchmarkDocuments(root).map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
    expect(docs.map((d) => d.path)).toContain('packages/core/BENCHMARKS.md');
    const result = checkDocuments(docs, gitReportSource(root), PENDING);
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.stalePending).toEqual([]);
  });

  it('fails on a number planted in the real core BENCHMARKS.md, and on a citation of a missing report', () => {
    const path = 'packages/core/BENCHMARKS.md';
    const text = readFileSync(join(root, path), 'utf8');
    // The missing citation goes in a section of its own, so that no real number loses its report.
    // The first "<time> ms, <rate> GFLOP/s" cell of the page's tables gets a time no report prints, so the
    // test follows the page when the tables are rerun.
    const cell = /\| (\d+(?:\.\d+)?) ms, [\d.]+ GFLOP\/s \|/.exec(text);
    expect(cell, 'a table cell "<time> ms, <rate> GFLOP/s" in core BENCHMARKS.md').not.toBeNull();
    const changed = text.replace(cell![0], cell![0].replace(`| ${cell![1]} ms`, '| 5.21987 ms'));
    expect(changed).not.toBe(text);
    const planted = `${changed}\n## Planted\n\nSee [bench/results/train-compare-gone.md](bench/results/train-compare-gone.md).\n`;
    const { problems } = checkDocuments([{ path, text: planted }], gitReportSource(root), PENDING);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^5\.21987 ms \(table cell\): not in the cited report/),
      'cites a missing report bench/results/train-compare-gone.md (no committed file at that path)',
    ]);
  });
});

describe('gitReportSource', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, encoding: 'utf8' }).trim();

  it('reads tracked reports now and removed ones at the commit that had them; untracked files do not count', () => {
    git('init', '-q');
    mkdirSync(join(dir, 'bench/results'), { recursive: true });
    writeFileSync(join(dir, 'bench/results/old.md'), 'median 12.5 ms');
    git('add', '.');
    git('commit', '-qm', 'report');
    const commit = git('rev-parse', '--short', 'HEAD');
    git('rm', '-q', 'bench/results/old.md');
    git('commit', '-qm', 'drop it');
    mkdirSync(join(dir, 'bench/results'), { recursive: true });
    writeFileSync(join(dir, 'bench/results/untracked.md'), 'median 3 ms');

    const source = gitReportSource(dir);
    expect(source.atCommit(commit, 'bench/results/old.md')).toBe('median 12.5 ms');
    expect(source.tracked('bench/results/old.md')).toBeUndefined();
    expect(source.tracked('bench/results/untracked.md')).toBeUndefined();
    const doc = `## Old\nFrom \`${commit}:bench/results/old.md\`: 12.5 ms.\n## New\nFrom bench/results/untracked.md: 3 ms.`;
    const { problems } = checkDocuments([{ path: 'BENCHMARKS.md', text: doc }], source);
    expect(problems.map((p) => `${p.line}: ${p.message}`)).toEqual(['4: cites a missing report bench/results/untracked.md (no committed file at that path)']);
  });
});
