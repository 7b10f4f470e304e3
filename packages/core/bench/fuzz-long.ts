/**
 * The long fuzz run of issue 17: FUZZ_RUNS (default 10,000) seeded cases of each kind (pipeline
 * documents, weights files, images) through core's parsers in a watched worker thread, under the
 * allocation guard of src/fuzz (tensor limit 2^20 elements, no allocation above 64 MiB, images
 * up to 1 megapixel). Prints the counts as a Markdown table; exits 1 on a failure or a hang.
 *
 *   npx tsx packages/core/bench/fuzz-long.ts              (from the repository root)
 *   FUZZ_RUNS=20000 FUZZ_SEED=5 npx tsx packages/core/bench/fuzz-long.ts
 */
import { runFuzz } from '../src/fuzz/run-fuzz.fixture.ts';

const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
const seed = Number(process.env.FUZZ_SEED ?? 2026);
const started = performance.now();
const { reports, hang } = await runFuzz({ seed, runs: { pipelines: runs, weights: runs, images: runs }, stallMs: 30_000 });
const seconds = ((performance.now() - started) / 1000).toFixed(1);

console.log(`seed ${seed}, ${runs} cases of each kind, ${seconds} s, Node ${process.version}\n`);
console.log('| kind | cases | accepted | refused (typed) | largest allocation | result |');
console.log('|---|---:|---:|---:|---:|---|');
for (const r of reports) {
  const mib = (r.largestAllocationBytes / 2 ** 20).toFixed(2);
  console.log(`| ${r.kind} | ${r.cases} | ${r.accepted} | ${r.refused} | ${mib} MiB | ${r.failure ? 'FAILED' : 'ok'} |`);
}
for (const r of reports) if (r.failure) console.log(`\n${r.kind}: ${r.failure}`);
if (hang) console.log(`\nhang: ${hang}`);
process.exitCode = hang || reports.some((r) => r.failure) || reports.length !== 3 ? 1 : 0;
