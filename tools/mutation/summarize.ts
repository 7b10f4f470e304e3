/**
 * Runs StrykerJS on one package and writes the committed summary of its report,
 * tools/mutation/results/<pkg>[-<name>].md, which the READMEs' mutation sections cite (so
 * `npm run bench:check` can trace their scores). Stamped like the benchmarks: the commit, whether
 * the tree was clean, the mutated code's last change, the machine, and the load over the run.
 *
 *   npm run mutation:ui                      # = tsx tools/mutation/summarize.ts ui --run
 *   MUTATE=src/ops/pool.ts MUTATION_REPORT=ops-pool npm run mutation:core -- --concurrency 1
 *   npx tsx tools/mutation/summarize.ts ui   # summarize reports/mutation/ui/mutation.json only
 *
 * With --run, everything after it goes to `stryker run`; the summary is written only when Stryker
 * succeeds. Without it, the report on disk is summarized (`--json <path>` for another one) and
 * the summary says it did not time the run; `--run-note <text>` adds a line on how it was run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchRun, writeReport } from '@convstudio/bench-meta';
import { summarizeMutants, summaryMarkdown } from '@convstudio/bench-meta/mutation-summary';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const PACKAGES: Record<string, string> = { core: 'packages/core', ui: 'packages/ui', studio: 'apps/studio' };

const [pkg, ...rest] = process.argv.slice(2);
const dir = pkg === undefined ? undefined : PACKAGES[pkg];
if (dir === undefined) {
  console.error(`summarize: the first argument must be the package, one of ${Object.keys(PACKAGES).join(', ')}; got ${pkg ?? 'nothing'}`);
  process.exit(2);
}
const runIndex = rest.indexOf('--run');
const strykerArgs = runIndex < 0 ? [] : rest.slice(runIndex + 1);
const own = runIndex < 0 ? rest : rest.slice(0, runIndex);
const option = (name: string): string | undefined => {
  const i = own.indexOf(name);
  if (i >= 0 && own[i + 1] === undefined) {
    console.error(`summarize: ${name} needs a value`);
    process.exit(2);
  }
  return i < 0 ? undefined : own[i + 1];
};

const name = process.env.MUTATION_REPORT;
if (name !== undefined && !/^[\w.-]+$/.test(name)) {
  console.error(`summarize: MUTATION_REPORT names the report file and may hold only letters, digits, '.', '_' and '-'; got "${name}"`);
  process.exit(2);
}
const scope = process.env.MUTATE ?? `(the default of tools/mutation/${pkg}.stryker.config.mjs)`;
const run = startBenchRun({ code: [`${dir}/src`] });
let timing: string;
if (runIndex >= 0) {
  const config = `../../tools/mutation/${pkg}.stryker.config.mjs`;
  const started = Date.now();
  const result = spawnSync('npx', ['stryker', 'run', config, ...strykerArgs], { cwd: join(root, dir), stdio: 'inherit', shell: process.platform === 'win32' });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (result.status !== 0) {
    console.error(`summarize: stryker exited with ${result.status ?? result.signal}; no summary written`);
    process.exit(result.status ?? 1);
  }
  timing = `- Stryker run: \`stryker run ${config}${strykerArgs.length ? ` ${strykerArgs.join(' ')}` : ''}\` in ${dir}, ${Math.floor(seconds / 60)} min ${seconds % 60} s`;
} else {
  const note = option('--run-note');
  timing = `- Stryker run: not run by this script (summary of an existing report)${note ? `; ${note}` : ''}`;
}

const jsonPath = resolve(root, option('--json') ?? `reports/mutation/${pkg}/mutation.json`);
if (!existsSync(jsonPath)) {
  console.error(`summarize: no Stryker report at ${jsonPath}; run \`npm run mutation:${pkg}\` first`);
  process.exit(1);
}
const summary = summarizeMutants(JSON.parse(readFileSync(jsonPath, 'utf8')));
const markdown = [
  `# Mutation testing: ${pkg}${name ? ` (${name})` : ''}`,
  '',
  ...run.headerLines(),
  timing,
  `- MUTATE: \`${scope}\` (paths relative to ${dir})`,
  '',
  ...summaryMarkdown(summary),
  '',
  // Without --run the start was this script's, not the run's: say when the load was read.
  runIndex >= 0 ? run.loadLine() : `Load average (1/5/15 min) when this summary was written: ${run.loadAtStart.map((l) => l.toFixed(2)).join(' / ')}.`,
  '',
].join('\n');
writeReport(markdown, here, `${pkg}${name ? `-${name}` : ''}.md`);
