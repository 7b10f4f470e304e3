/**
 * `npm run bench:all`: reruns every committed benchmark (bench-plan.ts), one after another, so
 * their reports and tables are rewritten from one commit. Slow (an hour or more on two cores);
 * run it on a quiet machine and commit the rewritten reports with the code they measured.
 *
 *   npm run bench:all [-- --dry-run] [--only core:conv,core:fma] [--keep-going]   (repository root: every package)
 *   npm run bench:all -w @convstudio/core [-- --dry-run]                           (one package)
 *
 * The root run calls each package's `bench:all` in turn (core, gpu, studio, cli); a package's run
 * takes `--package <name>`. `--dry-run` lists each step (folder, command, what it rewrites, what
 * it needs and whether that is here) and runs nothing; it exits 1 when a step names a script or an
 * npm script that does not exist. A step whose needs are missing is skipped with the reason; a
 * failed step stops the run unless `--keep-going`. Exits 1 when a step failed or was skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { PACKAGES, PLAN, type BenchPackage, type BenchStep, type Need } from './bench-plan.ts';
import { startBenchRun, writeReport } from './index.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** A usage error: one line, no stack. */
function fail(message: string): never {
  console.error(`bench-all: ${message}`);
  process.exit(2);
}

/** Why a need is not met here, or undefined when it is. */
function missing(need: Need): string | undefined {
  switch (need) {
    case 'core-peers':
      return existsSync(join(root, 'packages/core/bench/node_modules/@tensorflow/tfjs-core')) ? undefined : 'core bench peers not installed (cd packages/core/bench && ONNXRUNTIME_NODE_INSTALL=skip npm ci)';
    case 'gpu-peers':
      return existsSync(join(root, 'packages/gpu/bench/node_modules/@tensorflow/tfjs-backend-webgpu')) ? undefined : 'gpu bench peers not installed (cd packages/gpu/bench && npm ci)';
    case 'chromium': {
      const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
      return existsSync(path) ? undefined : `no Chromium at ${path} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
    }
    case 'baseline':
      return process.env.BASELINE ? undefined : 'BASELINE is not set (another copy of core\'s src/ to compare with)';
  }
}

/** What is wrong with the step's definition itself (a missing script file or npm script). */
function planErrors(step: BenchStep): string[] {
  const errors: string[] = [];
  if (!existsSync(join(root, step.script))) errors.push(`${step.name}: script ${step.script} does not exist`);
  if (step.command[0] === 'npm' && step.command[1] === 'run') {
    const manifest = join(root, step.cwd, 'package.json');
    const scripts = existsSync(manifest) ? ((JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {}) : {};
    if (!(step.command[2] in scripts)) errors.push(`${step.name}: ${step.cwd}/package.json has no script "${step.command[2]}"`);
  }
  return errors;
}

/** Runs one step; returns undefined on success, else why it failed. */
function runStep(step: BenchStep): string | undefined {
  const cwd = join(root, step.cwd);
  if (!step.capture) {
    const run = spawnSync(step.command[0], step.command.slice(1), { cwd, stdio: 'inherit' });
    return run.status === 0 ? undefined : `exited ${run.status ?? run.signal}`;
  }
  const benchRun = startBenchRun({ code: step.capture.code });
  const run = spawnSync(step.command[0], step.command.slice(1), { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  process.stdout.write(run.stdout ?? '');
  if (run.status !== 0) return `exited ${run.status ?? run.signal}`;
  const markdown = [
    `# ${step.capture.title}`,
    '',
    ...benchRun.headerLines(),
    `- Command: \`${step.command.join(' ')}\` in ${step.cwd}; its output, as printed:`,
    '',
    '```text',
    (run.stdout ?? '').trimEnd(),
    '```',
    '',
    benchRun.loadLine(),
    '',
  ].join('\n');
  // writeReport writes <benchDir>/results/<name>.
  const file = join(root, step.capture.file);
  writeReport(markdown, dirname(dirname(file)), basename(file));
  return undefined;
}

function describe(step: BenchStep): string {
  const needs = (step.needs ?? []).map((need) => {
    const why = missing(need);
    return why ? `${need} (MISSING: ${why})` : `${need} (here)`;
  });
  return [
    `${step.name}: ${step.what}`,
    `    in ${step.cwd}: ${step.command.join(' ')}`,
    `    rewrites ${step.writes.join(', ')}${step.capture ? ' (its printed output, stamped by this runner)' : ''}`,
    ...(needs.length ? [`    needs ${needs.join(', ')}`] : []),
  ].join('\n');
}

const { values } = parseArgs({
  options: { 'dry-run': { type: 'boolean', default: false }, only: { type: 'string' }, package: { type: 'string' }, 'keep-going': { type: 'boolean', default: false } },
});
const pkg = values.package as BenchPackage | undefined;
if (pkg !== undefined && !PACKAGES.includes(pkg)) fail(`--package must be one of ${PACKAGES.join(', ')}, got ${pkg}`);
const only = values.only?.split(',').filter(Boolean);
const unknown = only?.filter((name) => !PLAN.some((step) => step.name === name));
if (unknown?.length) fail(`--only names no step: ${unknown.join(', ')}; steps: ${PLAN.map((s) => s.name).join(', ')}`);

if (pkg === undefined) {
  // The root run: each package's own `bench:all`, in turn, with the same options.
  const forward = process.argv.slice(2);
  let failed = 0;
  for (const name of PACKAGES) {
    if (only && !only.some((step) => step.startsWith(`${name}:`))) continue;
    console.log(`\n=== npm run bench:all -w @convstudio/${name}${forward.length ? ` -- ${forward.join(' ')}` : ''}`);
    const run = spawnSync('npm', ['run', 'bench:all', '--silent', '-w', `@convstudio/${name}`, ...(forward.length ? ['--', ...forward] : [])], { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) {
      failed++;
      if (!values['keep-going'] && !values['dry-run']) break;
    }
  }
  process.exitCode = failed ? 1 : 0;
} else {
  const steps = PLAN.filter((step) => step.pkg === pkg && (!only || only.includes(step.name)));
  const errors = steps.flatMap(planErrors);
  if (values['dry-run']) {
    console.log(`bench:all for ${pkg}: ${steps.length} step(s), nothing run (--dry-run)`);
    for (const step of steps) console.log(describe(step));
    for (const error of errors) console.error(`plan error: ${error}`);
    process.exitCode = errors.length ? 1 : 0;
  } else {
    if (errors.length) fail(`the plan is broken:\n${errors.join('\n')}`);
    const outcomes: string[] = [];
    let bad = 0;
    for (const step of steps) {
      const why = (step.needs ?? []).map(missing).filter((m): m is string => m !== undefined);
      if (why.length) {
        outcomes.push(`${step.name}: SKIPPED, ${why.join('; ')}`);
        bad++;
        continue;
      }
      console.log(`\n--- ${step.name}: ${step.command.join(' ')} (in ${step.cwd})`);
      const started = performance.now();
      const failure = runStep(step);
      const took = `${((performance.now() - started) / 1000).toFixed(0)} s`;
      outcomes.push(`${step.name}: ${failure ? `FAILED (${failure})` : 'done'}, ${took}; ${step.writes.join(', ')}`);
      if (failure) {
        bad++;
        if (!values['keep-going']) break;
      }
    }
    console.log(`\nbench:all for ${pkg}:\n${outcomes.map((o) => `  ${o}`).join('\n')}`);
    process.exitCode = bad ? 1 : 0;
  }
}
