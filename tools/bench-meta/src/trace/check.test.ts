import { describe, expect, it } from 'vitest';
import { checkDocument, checkDocuments, type ReportSource } from './check.ts';

const REPORT = ['Run of 2026-12-06, command `npm run bench`.', '', '| shape | ours ms | rate |', '| --- | ---: | ---: |', '| 64x56x56 | 7.2913 | 31.7 GFLOP/s |', '| 1x28x28 | 0.0092 | 1,232 ms |', 'ratio 1.05×, accuracy 97.75%, error 6.4e-7'].join('\n');

/** Reports in memory: one tracked now, one only at commit abc1234. */
const source: ReportSource = {
  tracked: (path) =>
    path === 'packages/core/bench/results/latest.md'
      ? REPORT
      : path === 'tools/mutation/results/ui.md'
        ? '| **all** | 66 | 64 | 0 | 2 | 0 | 0 | 0 | 96.97% |'
        : path === 'packages/core/README.md' || path === 'tools/results/x.md'
          ? '# not a report'
          : undefined,
  atCommit: (commit, path) => (commit === 'abc1234' && path === 'packages/core/bench/results/old.md' ? 'median 42.5 ms' : undefined),
};
const DOC = 'packages/core/BENCHMARKS.md';
const messages = (markdown: string) => checkDocument(DOC, markdown, source).map((p) => `${p.line}: ${p.message}`);

describe('checkDocument', () => {
  it('accepts numbers the cited report prints, rounded to the digits shown and without separators', () => {
    const doc = ['# B', '', '## Conv (report [latest](bench/results/latest.md))', '', '| shape | ours |', '| --- | ---: |', '| 64x56x56 k3 | 7.29 ms, 31.7 GFLOP/s |', '', 'Ours 1.05× tfjs, 97.75% accurate, 1232 ms, 7.3 ms, error 6.4e-7.'];
    expect(messages(doc.join('\n'))).toEqual([]);
  });

  it('fails on a planted number the report does not print, naming the line and the number', () => {
    const doc = ['## Conv', 'From `bench/results/latest.md`.', '', 'Ours runs in 7.31 ms.', '', '| case | ms |', '|---|---|', '| a | 8.5 |'];
    expect(messages(doc.join('\n'))).toEqual([
      '4: 7.31 ms: not in the cited report(s) bench/results/latest.md',
      '8: 8.5 (table cell): not in the cited report(s) bench/results/latest.md',
    ]);
  });

  it('does not round the other way: a doc may not show more digits than the report', () => {
    expect(messages('## A\nbench/results/latest.md: 31.70 GFLOP/s and 0.00920 ms')).toEqual([
      '2: 31.70 GFLOP/s: not in the cited report(s) bench/results/latest.md',
      '2: 0.00920 ms: not in the cited report(s) bench/results/latest.md',
    ]);
  });

  it('fails on a measured number in a section that cites no report', () => {
    expect(messages('## Cited\nbench/results/latest.md 7.29 ms\n### Sub\nIt took 7.29 ms.')).toEqual(['4: 7.29 ms: the section cites no report']);
  });

  it('fails on a citation of a report that is not committed, or not at the named commit', () => {
    expect(messages('## A\nSee bench/results/missing.md: 5 ms.')).toEqual(['2: cites a missing report bench/results/missing.md (no committed file at that path)']);
    expect(messages('## A\nSee `abc1234:packages/core/bench/results/nope.md`.')).toEqual([
      '2: cites a missing report abc1234:packages/core/bench/results/nope.md (git has no packages/core/bench/results/nope.md at abc1234)',
    ]);
  });

  it('reads a report at an older commit', () => {
    expect(messages('## Old\nFrom `abc1234:packages/core/bench/results/old.md`: 42.5 ms, then 44 ms.')).toEqual([
      '2: 44 ms: not in the cited report(s) abc1234:packages/core/bench/results/old.md',
    ]);
  });

  it('ignores prose numbers without a unit, identifiers, versions, shapes, dates, code spans of options and link targets', () => {
    const doc = '## Intro\nIssue 7 on 2 threads, commit 98c007e, Node v20.20.2, tfjs 4.22.0, 3x224x224 → 64 k11 s4, 3×3 pooling, [see](#issue-17-5ms), `--epochs 6`, 2026-12-06.';
    expect(messages(doc)).toEqual([]);
  });

  it('gives a range or list the unit of its last member', () => {
    expect(messages('## A\nIt ran 80–82% and 1.42 / 1.26 s, 2.96 → 1.68 s.').map((m) => m.split(':')[1].trim())).toEqual(['80 %', '82 %', '1.42 s', '1.26 s', '2.96 s', '1.68 s']);
  });

  it('exempts only the marked section, and only with a reason', () => {
    const doc = '## How to run\n<!-- bench-check: exempt: commands and budgets -->\nAbout 3 minutes.\n\n| budget | 1000 ms |\n|---|---|\n\n### Results\nIt took 9 s.';
    expect(messages(doc)).toEqual(['9: 9 s: the section cites no report']);
    expect(messages('## A\n<!-- bench-check: exempt -->\n5 ms')).toEqual(['1: line 2: a bench-check exempt marker needs a reason ("<!-- bench-check: exempt: why -->")']);
  });

  it('exempts one marked code block, not the rest of its section', () => {
    const doc = '## Train\n<!-- bench-check: example: a transcript of one run -->\n```text\nepoch 1/3  15.4 s\n```\n\n```text\nepoch 2/3  14.0 s\n```\nIt took 9 s.';
    expect(messages(doc)).toEqual(['8: 14.0 s: the section cites no report', '10: 9 s: the section cites no report']);
    expect(messages('## A\n<!-- bench-check: example: why -->\nText 5 ms.\n```\n1 s\n```')).toEqual(['1: line 2: a bench-check example marker must stand right before a fenced code block or a table']);
  });

  it('exempts one marked table, and the numbers of a line marked as a setting', () => {
    const doc = '## Shots\n<!-- bench-check: example: screenshot captions -->\n| MNIST, 3 epochs |\n|---|\n| 1,500 digits |\n\n| other |\n|---|\n| 7 |\nAutosaved 3 s after a change <!-- bench-check: setting: autosave delay -->, and 4 s later.\nIt took 9 s.';
    expect(messages(doc)).toEqual(['9: 7 (table cell): the section cites no report', '11: 9 s: the section cites no report']);
    expect(messages('## A\nWaits 3 s <!-- bench-check: setting -->')[0]).toContain('setting marker needs to say what is set');
  });

  it('does not take a prose line that starts with "|" for a table', () => {
    expect(messages('## A\n|value| is at most 100 there.')).toEqual([]);
  });

  it('refuses a citation of a file outside a bench/results folder', () => {
    expect(messages('## A\n`abc1234:packages/core/results/old.md`')[0]).toContain('cites a missing report');
  });

  it('takes the mutation summaries of tools/mutation/results as reports, and no other results folder', () => {
    expect(messages('## Mutation\nFrom `tools/mutation/results/ui.md`: 96.97% (64 of 66 killed), 95.31% before.')).toEqual([
      '2: 95.31 %: not in the cited report(s) tools/mutation/results/ui.md',
    ]);
    expect(messages('## A\n`tools/results/x.md`')[0]).toContain('which is not a report');
  });

  it('checks numbers in fenced code too, but not headings inside fences', () => {
    expect(messages('## A\n```\n# not a heading\nreal 12.5 s\n```')).toEqual(['4: 12.5 s: the section cites no report']);
  });
});

describe('checkDocuments', () => {
  it('sets pending sections aside and reports a pending entry that no longer fails as stale', () => {
    const docs = [{ path: DOC, text: '## Sweeps\nIt took 9 s.\n## Other\nNothing measured.' }];
    const result = checkDocuments(docs, source, [
      { file: DOC, section: 'Sweeps', why: 'moving' },
      { file: DOC, section: 'Other', why: 'was fixed' },
    ]);
    expect(result.problems).toEqual([]);
    expect(result.pending.map((p) => p.line)).toEqual([2]);
    expect(result.stalePending.map((p) => p.section)).toEqual(['Other']);
  });
});
