/**
 * The studio's main thread on opening AlexNet with all 61,100,840 weights: it keeps trained
 * weights written into the pipeline's layers as numbers, so it turns the file's tensors into
 * number arrays (`putNodeValues`) and checks the pipeline (`parsePipeline`, at every change).
 *
 *   npx tsx packages/core/bench/pipeline-values-bench.ts        (from the repository root)
 *   BASELINE=/tmp/base/packages/core/src npx tsx packages/core/bench/pipeline-values-bench.ts
 *
 * A third series puts the tensors' own Float32Arrays into the layers (`{ as: 'float32' }`, how the
 * studio opens projects since branch hV-values) and checks them.
 *
 * With BASELINE (another copy of core's src/, see project-file-bench.ts) both trees run in this
 * process, alternating; median of RUNS (default 3) after a warm-up, wall and CPU time. Prints a
 * markdown table; nothing is written.
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as current from '../src/index.ts';
import { alexNet, createModel, weightsOfModel } from '../src/index.ts';

type Core = Pick<typeof current, 'parsePipeline' | 'putNodeValues'>;
const RUNS = Number(process.env.RUNS ?? 3);
const BASELINE = process.env.BASELINE;

const model = createModel(alexNet());
const { tensors } = weightsOfModel(model);
type Series = { label: string; core: Core; put: number[]; parse: number[]; putCpu: number[]; parseCpu: number[]; options?: { as: 'float32' } };
const series: Series[] = [
  { label: 'this tree', core: current, put: [], parse: [], putCpu: [], parseCpu: [] },
  { label: "this tree, { as: 'float32' }", core: current, put: [], parse: [], putCpu: [], parseCpu: [], options: { as: 'float32' } },
];
if (BASELINE) series.push({ label: `baseline (${BASELINE})`, core: (await import(pathToFileURL(join(resolve(BASELINE), 'index.ts')).href)) as Core, put: [], parse: [], putCpu: [], parseCpu: [] });

function timed<T>(action: () => T): { ms: number; cpuMs: number; value: T } {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const value = action();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, value };
}

for (let run = 0; run <= RUNS; run++) {
  for (const one of run % 2 === 0 ? series : [...series].reverse()) {
    const put = timed(() => one.core.putNodeValues(model.pipeline, tensors, one.options));
    const parse = timed(() => one.core.parsePipeline(put.value));
    if (!parse.value.ok) throw new Error(`${one.label}: the pipeline with its values did not parse`);
    console.error(`${one.label}, run ${run}${run === 0 ? ' (warm-up)' : ''}: putNodeValues ${put.ms.toFixed(0)} ms, parsePipeline ${parse.ms.toFixed(0)} ms`);
    if (run > 0) {
      one.put.push(put.ms);
      one.parse.push(parse.ms);
      one.putCpu.push(put.cpuMs);
      one.parseCpu.push(parse.cpuMs);
    }
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const s = (values: number[]) => `${(median(values) / 1000).toFixed(2)} s`;
console.log(['| AlexNet, 61,100,840 values in the layers | putNodeValues wall | CPU | parsePipeline wall | CPU |', '|---|---:|---:|---:|---:|', ...series.map((o) => `| ${o.label} | ${s(o.put)} | ${s(o.putCpu)} | ${s(o.parse)} | ${s(o.parseCpu)} |`)].join('\n'));
