/**
 * What every benchmark report states about where and on what it ran: the commit it measured and
 * whether the tree was clean (and whether the timed code itself had uncommitted changes), the
 * last commit that changed the timed code, the machine (CPU model, cores, memory, Node), and the
 * load average over the run. Shared by packages/core/bench and packages/gpu/bench.
 *
 * @example
 * const run = startBenchRun({ code: ['packages/core/src'] });
 * // … measure …
 * const markdown = [...run.headerLines(), '', table, '', run.loadLine()].join('\n');
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** Where the tree stood when a benchmark started. */
export interface CommitInfo {
  /** Full hash of HEAD, or 'unknown' outside a git checkout. */
  commit: string;
  /** Its subject line. */
  subject: string;
  /** No uncommitted change anywhere in the tree (untracked files included). */
  clean: boolean;
  /** Uncommitted paths, at most the first 20. */
  dirty: string[];
  /** Uncommitted paths among the timed code. */
  dirtyCode: string[];
  /** The last commit that changed the timed code (short hash and date), when code paths were given. */
  codeLastChanged?: string;
}

/** The machine a benchmark ran on. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  availableParallelism: number;
  memoryGiB: number;
  platform: string;
  node: string;
  v8: string;
}

// `trimEnd`, not `trim`: porcelain status lines start with a space (" M path"), and trimming the
// start would cut the first letter of the first path.
function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trimEnd();
  } catch {
    return undefined;
  }
}

/**
 * The commit and the state of the tree, from the git checkout around `cwd`.
 *
 * @example
 * commitInfo(['packages/core/src']).clean; // false with uncommitted edits
 */
export function commitInfo(code: readonly string[] = [], cwd = process.cwd()): CommitInfo {
  const root = git(['rev-parse', '--show-toplevel'], cwd);
  if (root === undefined) return { commit: 'unknown', subject: '', clean: false, dirty: ['(not a git checkout)'], dirtyCode: [] };
  const status = (paths: readonly string[]) =>
    (git(['status', '--porcelain', '--untracked-files=normal', '--', ...paths], root) ?? '')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(3));
  const dirty = status([]);
  return {
    commit: git(['rev-parse', 'HEAD'], root) ?? 'unknown',
    subject: git(['log', '-1', '--format=%s'], root) ?? '',
    clean: dirty.length === 0,
    dirty: dirty.slice(0, 20),
    dirtyCode: code.length ? status(code) : [],
    codeLastChanged: code.length ? git(['log', '-1', '--format=%h (%cs)', '--', ...code], root) : undefined,
  };
}

/** @example machineInfo().cores; // 2 */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    availableParallelism: os.availableParallelism(),
    memoryGiB: os.totalmem() / 2 ** 30,
    platform: `${os.platform()} ${os.arch()} ${os.release()}`,
    node: process.version,
    v8: process.versions.v8,
  };
}

/** One benchmark run: its start (load, commit) and the lines every report carries. */
export interface BenchRun {
  readonly startedAt: Date;
  readonly commit: CommitInfo;
  readonly machine: MachineInfo;
  /** 1-, 5- and 15-minute load averages when the run started. */
  readonly loadAtStart: readonly number[];
  /** Markdown list items: commit and tree, the timed code's last change, machine, Node. */
  headerLines(): string[];
  /** One sentence on the load over the run, read when called (at the end). */
  loadLine(): string;
  /** The same facts as one JSON-serialisable value, for machine-readable reports. */
  toJSON(): Record<string, unknown>;
}

/** Options of {@link startBenchRun}. */
export interface BenchRunOptions {
  /** Paths (from the repository root) of the code the benchmark times, for its last change and dirtiness. */
  code?: readonly string[];
}

/**
 * Records the commit, the tree's state, the machine and the load at the start of a benchmark.
 *
 * @example
 * const run = startBenchRun({ code: ['packages/core/src', 'packages/core/assembly'] });
 */
export function startBenchRun(options: BenchRunOptions = {}): BenchRun {
  const startedAt = new Date();
  const loadAtStart = os.loadavg();
  const commit = commitInfo(options.code ?? []);
  const machine = machineInfo();
  const tree = commit.clean
    ? 'clean tree'
    : `**uncommitted changes** in ${commit.dirty.length}${commit.dirty.length === 20 ? '+' : ''} path(s)${commit.dirtyCode.length ? `, ${commit.dirtyCode.length} of them in the timed code (${commit.dirtyCode.slice(0, 5).join(', ')}${commit.dirtyCode.length > 5 ? ', …' : ''})` : ', none in the timed code'}`;
  return {
    startedAt,
    commit,
    machine,
    loadAtStart,
    headerLines: () => [
      `- Commit: ${commit.commit} ("${commit.subject}"), ${tree}; run started ${startedAt.toISOString()}`,
      ...(commit.codeLastChanged ? [`- Timed code (${(options.code ?? []).join(', ')}) last changed in ${commit.codeLastChanged}`] : []),
      `- Machine: ${machine.cpuModel}, ${machine.cores} logical CPUs (os.availableParallelism() = ${machine.availableParallelism}), ${machine.memoryGiB.toFixed(1)} GiB, ${machine.platform}`,
      `- Node ${machine.node}, V8 ${machine.v8}`,
    ],
    loadLine: () => {
      const end = os.loadavg();
      return `Load average (1/5/15 min): ${loadAtStart.map((l) => l.toFixed(2)).join(' / ')} at the start, ${end.map((l) => l.toFixed(2)).join(' / ')} at the end, on ${machine.availableParallelism} CPUs (a 1-minute load above about 1 means something else ran beside the benchmark).`;
    },
    toJSON: () => ({ startedAt: startedAt.toISOString(), commit, machine, loadAtStart, loadAtEnd: os.loadavg() }),
  };
}

/**
 * Prints a report and writes it to `$BENCH_OUT`, or `<benchDir>/results/<name>` (committed: the
 * tables in each package's BENCHMARKS.md cite these files); returns the path written.
 *
 * @example
 * writeReport(markdown, dirname(fileURLToPath(import.meta.url)), 'latest.md');
 */
export function writeReport(markdown: string, benchDir: string, name = 'latest.md'): string {
  const outFile = resolve(process.env.BENCH_OUT ?? join(benchDir, 'results', name));
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, markdown);
  console.log(`\n${markdown}\nWritten to ${outFile}`);
  return outFile;
}
