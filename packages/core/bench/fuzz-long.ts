/**
 * The long fuzz run of issue 17: FUZZ_RUNS (default 10,000) seeded cases of each kind (pipeline
 * documents, weights files, images) through core's parsers in a watched worker thread, under the
 * allocation guard of src/fuzz (tensor limit 2^20 elements, no allocation above 64 MiB, images
 * up to 1 megapixel). Prints the counts as a Markdown table (also bench/results/fuzz-long.md);
 * exits 1 on a failure or a hang.
 *
 *   npx tsx packages/core/bench/fuzz-long.ts              (from the repository root)
 *   FUZZ_RUNS=20000 FUZZ_SEED=5 npx tsx packages/core/bench/fuzz-long.ts
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchRun, writeReport } from '@convstudio/bench-meta';
import { runFuzz } from '../src/fuzz/run-fuzz.fixture.ts';

const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
const seed = Number(process.env.FUZZ_SEED ?? 2026);
const benchRun = startBenchRun({ code: ['packages/core/src'] });
const started = performance.now();
const { reports, hang } = await runFuzz({ seed, runs: { pipelines: runs, weights: runs, images: runs }, stallMs: 30_000 });
const seconds = ((performance.now() - started) / 1000).toFixed(1);

const lines = [
  `# Long fuzz run: seed ${seed}, ${runs} cases of each kind, ${seconds} s`,
  '',
  ...benchRun.headerLines(),
  '',
  '| kind | cases | accepted | refused (typed) | largest allocation | result |',
  '|---|---:|---:|---:|---:|---|',
  ...reports.map((r) => `| ${r.kind} | ${r.cases} | ${r.accepted} | ${r.refused} | ${(r.largestAllocationBytes / 2 ** 20).toFixed(2)} MiB | ${r.failure ? 'FAILED' : 'ok'} |`),
  ...reports.filter((r) => r.failure).map((r) => `\n${r.kind}: ${r.failure}`),
  ...(hang ? [`\nhang: ${hang}`] : []),
  '',
  benchRun.loadLine(),
  '',
];
writeReport(lines.join('\n'), dirname(fileURLToPath(import.meta.url)), 'fuzz-long.md');
process.exitCode = hang || reports.some((r) => r.failure) || reports.length !== 3 ? 1 : 0;
