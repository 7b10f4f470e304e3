/**
 * `npm run bench:check`: fails, naming file, line and number, when a number in a BENCHMARKS.md
 * or README cannot be traced to a committed benchmark report (issue 18). Reads files and runs
 * git; measures nothing. `--all` also fails on the pending sections of src/trace/pending.ts.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDocuments, formatProblem } from './trace/check.ts';
import { benchmarkDocuments, gitReportSource } from './trace/git-source.ts';
import { PENDING } from './trace/pending.ts';

const root = resolve(fileURLToPath(import.meta.url), '../../../..');
const strict = process.argv.includes('--all');
const docs = benchmarkDocuments(root).map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
const result = checkDocuments(docs, gitReportSource(root), strict ? [] : PENDING);

for (const p of result.pending) console.log(`pending: ${formatProblem(p)}`);
for (const e of result.stalePending) console.log(`stale pending entry (nothing fails there now: remove it from tools/bench-meta/src/trace/pending.ts): ${e.file}${e.section ? ` [${e.section}]` : ''}`);
for (const p of result.problems) console.log(formatProblem(p));
const failed = result.problems.length + result.stalePending.length;
console.log(`bench-check: ${docs.length} documents, ${result.problems.length} untraced number(s) or missing report(s)${result.pending.length ? `, ${result.pending.length} pending` : ''}`);
// exitCode, not exit(): exit() would cut off output still queued for a pipe.
process.exitCode = failed > 0 ? 1 : 0;
