/**
 * Time to load big pipeline files: JSON.parse, parsePipeline (schema and graph checks) and
 * inferShapes (graph checks again, shapes), for a 100,000-node chain and the 50,000-node stars
 * that took minutes when the graph check copied an array per edge (issue 17).
 *
 *   npx tsx packages/core/bench/pipeline-load-bench.ts        (from the repository root)
 *
 * Prints a Markdown table, the median and the fastest of RUNS runs (environment, default 5) after
 * one warm-up, also written to bench/results/pipeline-load.md.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchRun, writeReport } from '@convstudio/bench-meta';
import { inferShapes, parsePipeline } from '../src/index.ts';
import { chainPipeline, fanInStarPipeline, fanOutStarPipeline } from '../src/nn/big-pipelines.fixture.ts';

const RUNS = Number(process.env.RUNS ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time<T>(action: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = action();
  return { ms: performance.now() - start, value };
}

const cases = [
  { name: 'chain, 100,000 nodes', doc: chainPipeline(100_000) },
  { name: 'star (1 node feeds 49,999), 50,000 nodes', doc: fanOutStarPipeline(50_000) },
  { name: 'star (concat of 49,998), 50,000 nodes', doc: fanInStarPipeline(50_000) },
];

const benchRun = startBenchRun({ code: ['packages/core/src/nn'] });
const lines = [
  '| file | size | JSON.parse | parsePipeline | inferShapes | total (median) | total (fastest) |',
  '|---|---:|---:|---:|---:|---:|---:|',
];
for (const { name, doc } of cases) {
  const text = JSON.stringify(doc);
  const rows: number[][] = [];
  for (let run = 0; run <= RUNS; run++) {
    const parsed = time(() => JSON.parse(text) as unknown);
    const checked = time(() => parsePipeline(parsed.value));
    if (!checked.value.ok) throw new Error(`${name}: ${checked.value.issues[0].message}`);
    const pipeline = checked.value.pipeline;
    const shapes = time(() => inferShapes(pipeline));
    if (shapes.value.issues.length > 0) throw new Error(`${name}: ${shapes.value.issues[0].message}`);
    if (run > 0) rows.push([parsed.ms, checked.ms, shapes.ms, parsed.ms + checked.ms + shapes.ms]);
  }
  const cell = (i: number) => `${median(rows.map((r) => r[i])).toFixed(0)} ms`;
  const fastest = Math.min(...rows.map((r) => r[3]));
  lines.push(`| ${name} | ${(text.length / 1e6).toFixed(1)} MB | ${cell(0)} | ${cell(1)} | ${cell(2)} | ${cell(3)} | ${fastest.toFixed(0)} ms |`);
}
const markdown = [`# Pipeline loading, ${RUNS} runs after a warm-up`, '', ...benchRun.headerLines(), '', ...lines, '', benchRun.loadLine(), ''].join('\n');
writeReport(markdown, dirname(fileURLToPath(import.meta.url)), 'pipeline-load.md');
